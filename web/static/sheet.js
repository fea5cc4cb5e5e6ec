// The day sheet after an action: the page comes back with the row acted
// on named in the address (#b-REFERENCE) and marked data-focus. Move focus
// to that row, so that the keyboard carries on from where it was, and set
// the status message again once the page has settled, so that screen
// readers announce it (a live region filled before load is not read out).
(function () {
	'use strict';
	var row = document.querySelector('tr[data-focus]');
	if (row) {
		row.focus();
	}
	var status = document.getElementById('sheet-status');
	if (status && status.textContent.trim() !== '') {
		var message = status.innerHTML;
		status.innerHTML = '';
		window.setTimeout(function () { status.innerHTML = message; }, 50);
	}
}());
