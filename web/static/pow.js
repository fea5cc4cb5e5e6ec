// Proof of work for the booking (ALTCHA format), solved in the browser
// while the citizen reads the summary; the field then carries the solution.
// Without this script the booking still goes through, held until it is
// confirmed by email.
(function () {
	'use strict';
	var field = document.getElementById('altcha');
	if (!field || !window.crypto || !window.crypto.subtle || !window.TextEncoder) {
		return;
	}
	var status = document.getElementById('pow-status');
	var form = field.form;
	var d = field.dataset;
	var encoder = new TextEncoder();
	var done = false;
	var waiting = false;

	function hex(buffer) {
		var out = '';
		new Uint8Array(buffer).forEach(function (b) { out += (b < 16 ? '0' : '') + b.toString(16); });
		return out;
	}

	async function solve() {
		var max = parseInt(d.max, 10);
		for (var n = 0; n <= max; n++) {
			var digest = await window.crypto.subtle.digest('SHA-256', encoder.encode(d.salt + n));
			if (hex(digest) === d.challenge) {
				return n;
			}
		}
		return -1;
	}

	// A press on the button before the work is done waits for it.
	form.addEventListener('submit', function (event) {
		if (!done) {
			event.preventDefault();
			waiting = true;
			status.textContent = status.dataset.wait;
		}
	});

	solve().then(function (n) {
		if (n >= 0) {
			field.value = btoa(JSON.stringify({
				algorithm: d.algorithm, challenge: d.challenge, number: n, salt: d.salt, signature: d.signature,
			}));
		}
	}).finally(function () {
		done = true;
		if (waiting) {
			form.submit();
		}
	});
}());
