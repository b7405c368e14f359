/* Searchable choices for records typed by number (kyoso.core.forms.RecordNumberInput).
 *
 * Progressive enhancement only: without this script the number input works as before. With it, a
 * search box with a <datalist> appears before the number; typing asks /autocomplete/<kind>/?q=…
 * (the user's records only) and choosing a suggestion fills in the record's number.
 */
(function () {
  "use strict";
  function enhance(number) {
    if (number.dataset.autocompleteReady) { return; }
    number.dataset.autocompleteReady = "1";
    var list = document.createElement("datalist");
    list.id = number.id + "-suggestions";
    var box = document.createElement("input");
    box.type = "search";
    box.className = "autocomplete";
    box.setAttribute("list", list.id);
    box.setAttribute("autocomplete", "off");
    box.placeholder = number.dataset.autocompletePlaceholder || "";
    box.setAttribute("aria-label", box.placeholder);
    var found = {};
    var timer = null;
    box.addEventListener("input", function () {
      if (Object.prototype.hasOwnProperty.call(found, box.value)) {
        number.value = found[box.value];
        number.dispatchEvent(new Event("change", {bubbles: true}));
        return;
      }
      window.clearTimeout(timer);
      if (box.value.trim().length < 2) { return; }
      timer = window.setTimeout(function () {
        fetch(number.dataset.autocomplete + "?q=" + encodeURIComponent(box.value), {credentials: "same-origin"})
          .then(function (response) { return response.ok ? response.json() : {results: []}; })
          .then(function (data) {
            list.textContent = "";
            found = {};
            data.results.forEach(function (row) {
              var option = document.createElement("option");
              option.value = row.label + " · #" + row.id;
              list.appendChild(option);
              found[option.value] = row.id;
            });
          })
          .catch(function () { /* the number input still works */ });
      }, 200);
    });
    number.parentNode.insertBefore(box, number);
    number.parentNode.insertBefore(list, number);
  }
  function enhanceAll() {
    document.querySelectorAll("input[data-autocomplete]").forEach(enhance);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhanceAll);
  } else {
    enhanceAll();
  }
}());
