// The batch page (/lotto): while the file is sent and computed, a progress
// indicator; «Calcola e scarica» fetches the answer and saves it, so that
// the page stays. Without JavaScript the form posts as usual.
(function () {
  "use strict";
  var form = document.querySelector("form[data-lotto]");
  if (!form) return;
  var box = document.getElementById("avanzamento");
  var barra = document.getElementById("avanzamento-barra");
  var testo = document.getElementById("avanzamento-testo");
  var file = document.getElementById("l-file");

  function mostra(msg) {
    box.hidden = false;
    box.style.display = "block";
    testo.textContent = msg;
  }
  function nascondi() {
    box.hidden = true;
    box.style.display = "none";
  }
  function dimensione() {
    var f = file.files && file.files[0];
    if (!f) return "";
    return " (" + (f.size < 1048576 ? Math.ceil(f.size / 1024) + " KB" : (f.size / 1048576).toFixed(1).replace(".", ",") + " MB") + ")";
  }

  form.addEventListener("submit", function (ev) {
    var bottone = ev.submitter;
    var azione = bottone ? bottone.value : "mostra";
    if (azione !== "scarica" || !window.XMLHttpRequest || !window.FormData) {
      barra.removeAttribute("value");
      mostra("Invio e calcolo del file in corso" + dimensione() + "…");
      return; // the page is replaced by the answer
    }
    ev.preventDefault();
    var dati = new FormData(form);
    dati.set("azione", "scarica");
    var x = new XMLHttpRequest();
    x.open("POST", form.action);
    x.responseType = "blob";
    x.upload.onprogress = function (e) {
      if (e.lengthComputable) {
        barra.max = 100;
        barra.value = Math.round(100 * e.loaded / e.total);
        mostra("Invio del file" + dimensione() + ": " + barra.value + "%");
      }
    };
    x.upload.onload = function () {
      barra.removeAttribute("value");
      mostra("Calcolo in corso…");
    };
    x.onload = function () {
      var tipo = x.getResponseHeader("Content-Type") || "";
      if (x.status === 200 && tipo.indexOf("text/csv") === 0) {
        var a = document.createElement("a");
        a.href = URL.createObjectURL(x.response);
        a.download = "esiti-lotto.csv";
        document.body.appendChild(a);
        a.click();
        a.remove();
        mostra("Fatto: il file degli esiti è stato scaricato.");
        barra.max = 1;
        barra.value = 1;
        return;
      }
      // An error page: shown as the server wrote it.
      x.response.text().then(function (html) {
        document.open();
        document.write(html);
        document.close();
      });
    };
    x.onerror = function () {
      nascondi();
      mostra("Invio non riuscito: controllare la connessione e riprovare.");
    };
    barra.max = 100;
    barra.value = 0;
    mostra("Invio del file" + dimensione() + "…");
    x.send(dati);
  });
  nascondi();
})();
