// A citizen's journeys in the browser: with the mouse, by keyboard alone,
// in English, and with a mistake in the form.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { focusIsVisible, focusLandsOn, icsLines, launch, screenshot, tabTo, useServerAndBrowser } from './lib/harness.js';

// Monday 30 November 2026, 07:00 in Sofia; the next reception day of the
// Triaditsa mayor (Mondays from 09:00, booking closes 12 hours before) is
// Monday 7 December.
const now = '2026-11-30T07:00:00+02:00';
const env = useServerAndBrowser(now);

const text = (s) => s.replace(/\s+/g, ' ');

test('a citizen finds an official, books with an accessibility need, reads the mail, downloads the .ics, moves and cancels', async () => {
	await env.page.goto(env.server.url + '/');
	await screenshot(env.page, 'home-bg');
	await env.page.getByLabel('Търсене по име, длъжност или структура').fill('Триадица');
	await env.page.getByRole('button', { name: 'Търсене' }).click();
	await env.page.getByRole('link', { name: 'Даниела Костова' }).click();
	await assert.doesNotReject(env.page.getByRole('heading', { level: 1, name: 'Даниела Костова' }).waitFor());
	await screenshot(env.page, 'official-bg');

	await env.page.getByRole('link', { name: 'понеделник, 7 декември 2026 г.' }).click();
	await screenshot(env.page, 'day-bg');
	await env.page.getByRole('link', { name: '09:30–09:45 ч.' }).click();

	await env.page.getByLabel('Име и фамилия').fill('Радка Петкова');
	await env.page.getByLabel('Имейл').fill('radka@example.bg');
	await env.page.getByLabel('Телефон (по желание)').fill('0888 123 456');
	await env.page.getByLabel('По какъв въпрос искате среща?').fill('Ремонт на тротоара пред бл. 12, преписка 94-00-123');
	await env.page.getByLabel('Придвижвам се с инвалидна количка').check();
	await env.page.getByLabel('Друго или уточнение (по желание)').fill('Ще дойда с помощник');
	await env.page.getByLabel(/Прочетох как ще бъдат обработени/).check();
	await screenshot(env.page, 'book-form-bg');
	await env.page.getByRole('button', { name: 'Продължете' }).click();

	// Check your answers, then confirm.
	const check = text(await env.page.locator('main').innerText());
	assert.match(check, /Радка Петкова/);
	assert.match(check, /Придвижвам се с инвалидна количка/);
	await screenshot(env.page, 'check-bg');
	await env.page.getByRole('button', { name: 'Потвърждавам записването' }).click();

	await env.page.getByRole('heading', { level: 1, name: 'Записването е потвърдено' }).waitFor();
	const reference = (await env.page.locator('.reference').innerText()).trim();
	assert.match(reference, /^[A-Z]{2}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
	const confirmation = text(await env.page.locator('main').innerText());
	assert.match(confirmation, /понеделник, 7 декември 2026 г\./);
	assert.match(confirmation, /09:30/);
	await screenshot(env.page, 'confirmation-bg');

	// The confirmation mail: in Bulgarian, with the reference, the need and
	// an invitation for 09:30 Sofia time.
	const mail = await env.server.waitForMail((m) => m.to?.[0]?.address === 'radka@example.bg' && m.text.includes(reference),
		'confirmation to radka@example.bg');
	assert.match(mail.subject, /Потвърждение/);
	assert.match(mail.text, /инвалидна количка/);
	assert.match(mail.text, /7 декември 2026/);
	const invite = mail.attachments.find((a) => a.mimeType.startsWith('text/calendar') || a.filename?.endsWith('.ics'));
	assert.ok(invite, 'the mail carries an invitation');
	const inviteLines = icsLines(new TextDecoder().decode(invite.content));
	assert.ok(inviteLines.includes('METHOD:REQUEST'), inviteLines.join('\n'));
	assert.ok(inviteLines.includes('DTSTART;TZID=Europe/Sofia:20261207T093000'), inviteLines.join('\n'));
	const uid = inviteLines.find((l) => l.startsWith('UID:'));

	// The manage link in the mail opens the booking.
	const manage = mail.text.match(/https?:\/\/\S+\/bookings\/[A-Za-z0-9_-]{22}(?=\s|$)/)?.[0];
	assert.ok(manage, 'the mail has a manage link:\n' + mail.text);
	await env.page.goto(manage);
	await env.page.getByRole('heading', { level: 1 }).waitFor();
	assert.match(text(await env.page.locator('main').innerText()), new RegExp(reference));
	await screenshot(env.page, 'manage-bg');

	// The .ics download.
	const [download] = await Promise.all([
		env.page.waitForEvent('download'),
		env.page.getByRole('link', { name: /Изтегляне \(\.ics\)/ }).click(),
	]);
	const icsText = readFileSync(await download.path(), 'utf8');
	assert.ok(icsText.startsWith('BEGIN:VCALENDAR\r\n'), 'the .ics file has CRLF line ends');
	assert.equal(download.suggestedFilename().endsWith('.ics'), true, download.suggestedFilename());
	const ics = icsLines(icsText);
	assert.ok(ics.includes(uid), `downloaded .ics has ${uid}`);
	assert.ok(ics.includes('DTSTART;TZID=Europe/Sofia:20261207T093000'));
	assert.ok(ics.some((l) => l.startsWith('BEGIN:VTIMEZONE')));

	// Move to 10:00 the same day.
	await env.page.getByRole('link', { name: 'Преместете срещата' }).click();
	await screenshot(env.page, 'move-bg');
	await env.page.getByRole('group', { name: 'понеделник, 7 декември 2026 г.' }).getByLabel('10:00 ч.').check();
	await env.page.getByRole('button', { name: 'Преместете срещата' }).click();
	assert.match(text(await env.page.locator('main').innerText()), /Срещата е преместена/);
	const change = await env.server.waitForMail((m) => m.to?.[0]?.address === 'radka@example.bg' && m.attachments.some(
		(a) => icsLines(new TextDecoder().decode(a.content)).includes('SEQUENCE:1')), 'the change with SEQUENCE:1');
	const changed = icsLines(new TextDecoder().decode(change.attachments[0].content));
	assert.ok(changed.includes(uid) && changed.includes('DTSTART;TZID=Europe/Sofia:20261207T100000'), changed.join('\n'));

	// Cancel, with a confirming step.
	await env.page.getByRole('link', { name: 'Откажете срещата' }).click();
	await screenshot(env.page, 'cancel-bg');
	await env.page.getByRole('button', { name: 'Да, откажете срещата' }).click();
	await env.page.getByRole('heading', { level: 1 }).waitFor();
	assert.match(text(await env.page.locator('main').innerText()), /Състояние отменено/);
	const cancel = await env.server.waitForMail((m) => m.to?.[0]?.address === 'radka@example.bg' && m.attachments.some(
		(a) => icsLines(new TextDecoder().decode(a.content)).includes('METHOD:CANCEL')), 'the cancellation');
	assert.ok(icsLines(new TextDecoder().decode(cancel.attachments[0].content)).includes(uid));

	// The freed slot is offered again.
	await env.page.goto(env.server.url + '/officials/kmet-triaditsa/days/2026-12-07');
	await assert.doesNotReject(env.page.getByRole('link', { name: '10:00–10:15 ч.' }).waitFor());
});

test('the same journey by keyboard alone', async () => {
	await env.page.goto(env.server.url + '/');
	// The skip link comes first and leads to the content.
	await env.page.keyboard.press('Tab');
	assert.equal(await env.page.evaluate(() => document.activeElement.textContent), 'Към съдържанието');
	assert.ok(await focusIsVisible(env.page), 'the skip link shows focus');

	await tabTo(env.page, { text: 'Петър Стоянов' });
	assert.ok(await focusIsVisible(env.page), 'links show focus');
	// One step too far and back: Shift+Tab works as well.
	await env.page.keyboard.press('Tab');
	await tabTo(env.page, { text: 'Петър Стоянов' }, { key: 'Shift+Tab' });
	await env.page.keyboard.press('Enter');
	await env.page.waitForURL(/\/officials\/kmet-sredets$/);

	await tabTo(env.page, { within: 'ul.days' });
	await env.page.keyboard.press('Enter');
	await env.page.waitForURL(/\/days\//);
	await tabTo(env.page, { within: 'ul.slots' });
	const slot = (await env.page.evaluate(() => document.activeElement.textContent)).trim();
	await env.page.keyboard.press('Enter');
	await env.page.waitForURL(/\/book\?start=/);

	await tabTo(env.page, { id: 'name' });
	await env.page.keyboard.type('Стефан Колев');
	await env.page.keyboard.press('Tab');
	await env.page.keyboard.type('stefan@example.bg');
	await tabTo(env.page, { id: 'topic' });
	await env.page.keyboard.type('Достъп до сградата');
	await tabTo(env.page, { id: 'need-sign_language' });
	assert.ok(await focusIsVisible(env.page), 'checkboxes show focus');
	await env.page.keyboard.press('Space');
	await tabTo(env.page, { id: 'consent' });
	await env.page.keyboard.press('Space');
	await tabTo(env.page, { text: 'Продължете' });
	await env.page.keyboard.press('Enter');
	await env.page.waitForURL(/\/book$/);
	await tabTo(env.page, { text: 'Потвърждавам записването' });
	await env.page.keyboard.press('Enter');
	await env.page.getByRole('heading', { level: 1, name: 'Записването е потвърдено' }).waitFor();
	const main = text(await env.page.locator('main').innerText());
	assert.match(main, new RegExp(slot.split('–')[0]));
	assert.match(main, /Преводач на жестомимичен език/);

	// Manage link, then cancel — still by keyboard.
	await tabTo(env.page, { text: 'Връзка за преглед' });
	await env.page.keyboard.press('Enter');
	await env.page.waitForURL(/\/bookings\/[A-Za-z0-9_-]{22}$/);
	await tabTo(env.page, { text: 'Откажете срещата' });
	await env.page.keyboard.press('Enter');
	await env.page.waitForURL(/\/cancel$/);
	await tabTo(env.page, { text: 'Да, откажете срещата' });
	await env.page.keyboard.press('Space');
	await env.page.waitForURL(/\/bookings\/[A-Za-z0-9_-]{22}(\?.*)?$/);
	assert.match(text(await env.page.locator('main').innerText()), /Състояние отменено/);
});

test('a booking held until the citizen confirms it through the link in the email', async () => {
	// The demo's village mayor takes bookings as 30-minute holds.
	await env.page.goto(env.server.url + '/officials/kmet-bistritsa?lang=bg');
	await env.page.locator('ul.days a').first().click();
	await env.page.locator('ul.slots a').first().click();
	await env.page.getByLabel('Име и фамилия').fill('Васил Христов');
	await env.page.getByLabel('Имейл').fill('vasil@example.bg');
	await env.page.getByLabel('По какъв въпрос искате среща?').fill('Водоснабдяване на ул. „Витошка“');
	await env.page.getByLabel(/Прочетох как ще бъдат обработени/).check();
	await env.page.getByRole('button', { name: 'Продължете' }).click();
	await env.page.getByRole('button', { name: 'Потвърждавам записването' }).click();
	await env.page.getByRole('heading', { level: 1, name: 'Остава една стъпка: потвърдете по имейл' }).waitFor();
	assert.match(text(await env.page.locator('main').innerText()), /понеделник, 30 ноември 2026 г\., 07:30 ч\./);
	assert.equal(await env.page.getByRole('link', { name: /Изтегляне \(\.ics\)/ }).count(), 0, 'no calendar before the confirmation');
	await screenshot(env.page, 'held-bg');

	const mail = await env.server.waitForMail((m) => m.to?.[0]?.address === 'vasil@example.bg', 'the hold letter');
	assert.match(mail.subject, /^Потвърдете записването: среща при Иван Василев/);
	assert.equal(mail.attachments.length, 0, 'no invitation before the confirmation');
	const link = mail.text.match(/https?:\/\/\S+\/holds\/[A-Za-z0-9_-]{22}/)?.[0];
	assert.ok(link, mail.text);
	await env.page.goto(link);
	await screenshot(env.page, 'hold-confirm-bg');
	await env.page.getByRole('button', { name: 'Потвърждавам записването' }).click();
	await env.page.getByRole('heading', { level: 1, name: 'Записването е потвърдено' }).waitFor();
	await env.server.waitForMail((m) => m.to?.[0]?.address === 'vasil@example.bg' && m.attachments.some(
		(a) => icsLines(new TextDecoder().decode(a.content)).includes('METHOD:REQUEST')), 'the invitation after the confirmation');
	// The link is spent.
	await env.page.goto(link);
	assert.match(text(await env.page.locator('main').innerText()), /вече е използвана или е изтекла/);
});

test('without JavaScript the anti-bot check cannot run: the booking is held and the emailed link confirms it', async () => {
	const noJS = await launch({ javaScript: false });
	try {
		const p = noJS.page;
		await p.goto(env.server.url + '/officials/kmet-triaditsa/days/2026-12-07');
		await p.getByRole('link', { name: '11:45–12:00 ч.' }).click();
		await p.getByLabel('Име и фамилия').fill('Здравка Илиева');
		await p.getByLabel('Имейл').fill('zdravka@example.bg');
		await p.getByLabel('По какъв въпрос искате среща?').fill('Детска площадка в кв. „Лозенец“');
		await p.getByLabel(/Прочетох как ще бъдат обработени/).check();
		await p.getByRole('button', { name: 'Продължете' }).click();
		assert.match(text(await p.locator('main').innerText()), /Без JavaScript ще Ви изпратим връзка по имейл/);
		await p.getByRole('button', { name: 'Потвърждавам записването' }).click();
		await p.getByRole('heading', { level: 1, name: 'Остава една стъпка: потвърдете по имейл' }).waitFor();
		const mail = await env.server.waitForMail((m) => m.to?.[0]?.address === 'zdravka@example.bg', 'the hold letter');
		await p.goto(mail.text.match(/https?:\/\/\S+\/holds\/[A-Za-z0-9_-]{22}/)[0]);
		await p.getByRole('button', { name: 'Потвърждавам записването' }).click();
		await p.getByRole('heading', { level: 1, name: 'Записването е потвърдено' }).waitFor();
	} finally {
		await noJS.close();
	}
});

test('the language switch turns every page to English and back, and stays on the page', async () => {
	await env.page.goto(env.server.url + '/officials/kmet-triaditsa');
	await env.page.getByRole('link', { name: 'English' }).click();
	await env.page.waitForURL(/\/officials\/kmet-triaditsa/);
	assert.equal(await env.page.getAttribute('html', 'lang'), 'en');
	await env.page.getByRole('heading', { name: 'Next reception days' }).waitFor();
	await screenshot(env.page, 'official-en');
	// Remembered on the next env.page.
	await env.page.getByRole('link', { name: 'Monday 7 December 2026' }).click();
	assert.equal(await env.page.getAttribute('html', 'lang'), 'en');
	await env.page.getByRole('link', { name: /^09:15/ }).click();
	assert.equal(await env.page.getByRole('heading', { level: 1 }).innerText(), 'Your details');
	// On a form the switch sends what was typed, and it comes back.
	await env.page.getByLabel('Full name').fill('Радка Петкова');
	await env.page.getByLabel('What do you want to discuss?').fill('Ремонт на тротоара');
	await env.page.getByRole('button', { name: 'Български' }).click();
	assert.equal(await env.page.getAttribute('html', 'lang'), 'bg');
	assert.equal(await env.page.getByRole('heading', { level: 1 }).innerText(), 'Вашите данни');
	assert.equal(await env.page.getByLabel('Име и фамилия').inputValue(), 'Радка Петкова');
	assert.equal(await env.page.getByLabel('По какъв въпрос искате среща?').inputValue(), 'Ремонт на тротоара');
	// And on the check page.
	await env.page.getByLabel('Имейл').fill('radka.switch@example.bg');
	await env.page.getByLabel(/Прочетох как ще бъдат обработени/).check();
	await env.page.getByRole('button', { name: 'Продължете' }).click();
	await env.page.getByRole('heading', { name: 'Проверете отговорите си' }).waitFor();
	await env.page.getByRole('button', { name: 'English' }).click();
	await env.page.getByRole('heading', { name: 'Check your answers' }).waitFor();
	assert.match(await env.page.locator('dl.summary').innerText(), /radka\.switch@example\.bg/);
	await env.page.getByRole('button', { name: 'Български' }).click();
	await env.page.getByRole('heading', { name: 'Проверете отговорите си' }).waitFor();
});

test('a form error shows the summary, focus lands on it, and its links lead to the fields', async () => {
	await env.page.goto(env.server.url + '/officials/kmet-triaditsa/days/2026-12-07');
	await env.page.getByRole('link', { name: '11:00–11:15 ч.' }).click();
	await env.page.getByLabel('Имейл').fill('не-е-имейл');
	await env.page.getByRole('button', { name: 'Продължете' }).click();
	const summary = env.page.locator('.error-summary');
	await summary.waitFor();
	await focusLandsOn(env.page, '.error-summary', 'focus is on the error summary');
	assert.match(await env.page.title(), /^Има проблем/);
	assert.ok(await focusIsVisible(env.page), 'the summary shows focus');
	await screenshot(env.page, 'book-errors-bg');
	// What was typed is kept; each message links to its field.
	assert.equal(await env.page.getByLabel('Имейл').inputValue(), 'не-е-имейл');
	const links = await summary.getByRole('link').all();
	assert.ok(links.length >= 3, `${links.length} errors listed`);
	await summary.getByRole('link', { name: /имейл/i }).click();
	assert.equal(await env.page.evaluate(() => document.activeElement.id), 'email');
});
