// Progressive enhancement only: the calculator works without JavaScript.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-stampa]").forEach(function (b) {
    b.hidden = false;
    b.addEventListener("click", function () { window.print(); });
  });
  // The heading of the prospetto (office, R.G., imputato, defender) stays
  // in this tab: its fields have no name, so no form sends them, and they
  // are kept in sessionStorage only, to survive a new calculation.
  document.querySelectorAll("[data-intestazione]").forEach(function (i) {
    var chiave = "lpu-intestazione-" + i.dataset.intestazione;
    try { i.value = sessionStorage.getItem(chiave) || ""; } catch (e) { /* storage off */ }
    i.addEventListener("input", function () {
      try { sessionStorage.setItem(chiave, i.value); } catch (e) { /* storage off */ }
    });
  });
  document.querySelectorAll("[data-copia]").forEach(function (b) {
    var testo = document.getElementById(b.dataset.copia);
    var fatto = b.parentNode.querySelector("[data-copiato]");
    b.hidden = false;
    b.addEventListener("click", function () {
      var segna = function () { if (fatto) { fatto.hidden = false; } };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(testo.value).then(segna, function () { testo.select(); });
      } else {
        testo.select();
        if (document.execCommand("copy")) { segna(); }
      }
    });
  });
  var errori = document.getElementById("errori");
  if (errori) { errori.focus(); }
});
