// The desk's optional camera scan: where the browser has its own
// BarcodeDetector, a button reads a booking's QR code through the camera
// and submits it as a typed reference would be. Without it the page works
// as it is: a USB scanner or the keyboard types the reference.
(function () {
  "use strict";
  if (!("BarcodeDetector" in window) || !navigator.mediaDevices) {
    return;
  }
  var box = document.getElementById("camera");
  var start = document.getElementById("camera-start");
  var video = document.getElementById("camera-view");
  var form = document.getElementById("desk-form");
  var input = document.getElementById("reference");
  if (!box || !start || !video || !form || !input) {
    return;
  }
  box.hidden = false;
  start.addEventListener("click", function () {
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
      video.srcObject = stream;
      video.hidden = false;
      video.play();
      var scan = function () {
        detector.detect(video).then(function (codes) {
          if (codes.length > 0) {
            stream.getTracks().forEach(function (t) { t.stop(); });
            input.value = codes[0].rawValue;
            form.submit();
            return;
          }
          window.requestAnimationFrame(scan);
        }, function () { window.requestAnimationFrame(scan); });
      };
      scan();
    }, function () {
      start.disabled = true;
    });
  });
})();
