// Intake form: choosing a region narrows the list of centers to that region and picks
// its first center. Without JavaScript the list shows every center grouped by region.
(function () {
  "use strict";
  var region = document.getElementById("id_dispute-region");
  var center = document.getElementById("id_dispute-center");
  if (!region || !center || !center.dataset.regionCenters) {
    return;
  }
  var byRegion;
  try {
    byRegion = JSON.parse(center.dataset.regionCenters);
  } catch (e) {
    return;
  }
  var original = Array.prototype.map.call(center.children, function (node) {
    return node.cloneNode(true);
  });

  function rebuild() {
    var wanted = byRegion[region.value];
    var selected = center.value;
    center.replaceChildren();
    original.forEach(function (node) {
      if (!wanted || node.tagName !== "OPTGROUP") {
        center.appendChild(node.cloneNode(true));
        return;
      }
      var hasOne = Array.prototype.some.call(node.children, function (option) {
        return wanted.indexOf(Number(option.value)) !== -1;
      });
      if (hasOne) {
        center.appendChild(node.cloneNode(true));
      }
    });
    if (wanted && wanted.indexOf(Number(selected)) === -1) {
      selected = wanted.length ? String(wanted[0]) : "";
    }
    center.value = selected;
  }

  region.addEventListener("change", rebuild);
  if (region.value) {
    rebuild();
  }
})();
