// Progressive enhancement only: the calculator works without JavaScript.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-stampa]").forEach(function (b) {
    b.hidden = false;
    b.addEventListener("click", function () { window.print(); });
  });
  var errori = document.getElementById("errori");
  if (errori) { errori.focus(); }
});
