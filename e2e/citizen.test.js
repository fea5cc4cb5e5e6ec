// A citizen's journeys in the browser: with the mouse, by keyboard alone,
// in English, and with a mistake in the form.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { focusIsVisible, icsLines, launch, screenshot, startServer, tabTo } from './lib/harness.js';

// Monday 30 November 2026, 07:00 in Sofia; the next reception day of the
// Triaditsa mayor (Mondays from 09:00, booking closes 12 hours before) is
// Monday 7 December.
const now = '2026-11-30T07:00:00+02:00';
let server, browser, page;

before(async () => {
	server = await startServer(now);
	browser = await launch();
	page = browser.page;
});
after(async () => {
	await browser?.close();
	await server?.stop();
});

const text = (s) => s.replace(/\s+/g, ' ');

test('a citizen finds an official, books with an accessibility need, reads the mail, downloads the .ics, moves and cancels', async () => {
	await page.goto(server.url + '/');
	await screenshot(page, 'home-bg');
	await page.getByLabel('Търсене по име, длъжност или структура').fill('Триадица');
	await page.getByRole('button', { name: 'Търсене' }).click();
	await page.getByRole('link', { name: 'Даниела Костова' }).click();
	await assert.doesNotReject(page.getByRole('heading', { level: 1, name: 'Даниела Костова' }).waitFor());
	await screenshot(page, 'official-bg');

	await page.getByRole('link', { name: 'понеделник, 7 декември 2026 г.' }).click();
	await screenshot(page, 'day-bg');
	await page.getByRole('link', { name: '09:30–09:45 ч.' }).click();

	await page.getByLabel('Име и фамилия').fill('Радка Петкова');
	await page.getByLabel('Имейл').fill('radka@example.bg');
	await page.getByLabel('Телефон (по желание)').fill('0888 123 456');
	await page.getByLabel('По какъв въпрос искате среща?').fill('Ремонт на тротоара пред бл. 12, преписка 94-00-123');
	await page.getByLabel('Придвижвам се с инвалидна количка').check();
	await page.getByLabel('Друго или уточнение (по желание)').fill('Ще дойда с помощник');
	await page.getByLabel(/Съгласен\/съгласна съм/).check();
	await screenshot(page, 'book-form-bg');
	await page.getByRole('button', { name: 'Продължете' }).click();

	// Check your answers, then confirm.
	const check = text(await page.locator('main').innerText());
	assert.match(check, /Радка Петкова/);
	assert.match(check, /Придвижвам се с инвалидна количка/);
	await screenshot(page, 'check-bg');
	await page.getByRole('button', { name: 'Потвърждавам записването' }).click();

	await page.getByRole('heading', { level: 1, name: 'Записването е потвърдено' }).waitFor();
	const reference = (await page.locator('.reference').innerText()).trim();
	assert.match(reference, /^[A-Z]{2}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
	const confirmation = text(await page.locator('main').innerText());
	assert.match(confirmation, /понеделник, 7 декември 2026 г\./);
	assert.match(confirmation, /09:30/);
	await screenshot(page, 'confirmation-bg');

	// The confirmation mail: in Bulgarian, with the reference, the need and
	// an invitation for 09:30 Sofia time.
	const mail = await server.waitForMail((m) => m.to?.[0]?.address === 'radka@example.bg' && m.text.includes(reference),
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
	await page.goto(manage);
	await page.getByRole('heading', { level: 1 }).waitFor();
	assert.match(text(await page.locator('main').innerText()), new RegExp(reference));
	await screenshot(page, 'manage-bg');

	// The .ics download.
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: /Изтегляне \(\.ics\)/ }).click(),
	]);
	const icsText = readFileSync(await download.path(), 'utf8');
	assert.ok(icsText.startsWith('BEGIN:VCALENDAR\r\n'), 'the .ics file has CRLF line ends');
	assert.equal(download.suggestedFilename().endsWith('.ics'), true, download.suggestedFilename());
	const ics = icsLines(icsText);
	assert.ok(ics.includes(uid), `downloaded .ics has ${uid}`);
	assert.ok(ics.includes('DTSTART;TZID=Europe/Sofia:20261207T093000'));
	assert.ok(ics.some((l) => l.startsWith('BEGIN:VTIMEZONE')));

	// Move to 10:00 the same day.
	await page.getByRole('link', { name: 'Преместете срещата' }).click();
	await screenshot(page, 'move-bg');
	await page.getByRole('group', { name: 'понеделник, 7 декември 2026 г.' }).getByLabel('10:00 ч.').check();
	await page.getByRole('button', { name: 'Преместете срещата' }).click();
	assert.match(text(await page.locator('main').innerText()), /Срещата е преместена/);
	const change = await server.waitForMail((m) => m.to?.[0]?.address === 'radka@example.bg' && m.attachments.some(
		(a) => icsLines(new TextDecoder().decode(a.content)).includes('SEQUENCE:1')), 'the change with SEQUENCE:1');
	const changed = icsLines(new TextDecoder().decode(change.attachments[0].content));
	assert.ok(changed.includes(uid) && changed.includes('DTSTART;TZID=Europe/Sofia:20261207T100000'), changed.join('\n'));

	// Cancel, with a confirming step.
	await page.getByRole('link', { name: 'Откажете срещата' }).click();
	await screenshot(page, 'cancel-bg');
	await page.getByRole('button', { name: 'Да, откажете срещата' }).click();
	await page.getByRole('heading', { level: 1 }).waitFor();
	assert.match(text(await page.locator('main').innerText()), /Състояние отменено/);
	const cancel = await server.waitForMail((m) => m.to?.[0]?.address === 'radka@example.bg' && m.attachments.some(
		(a) => icsLines(new TextDecoder().decode(a.content)).includes('METHOD:CANCEL')), 'the cancellation');
	assert.ok(icsLines(new TextDecoder().decode(cancel.attachments[0].content)).includes(uid));

	// The freed slot is offered again.
	await page.goto(server.url + '/officials/kmet-triaditsa/days/2026-12-07');
	await assert.doesNotReject(page.getByRole('link', { name: '10:00–10:15 ч.' }).waitFor());
});

test('the same journey by keyboard alone', async () => {
	await page.goto(server.url + '/');
	// The skip link comes first and leads to the content.
	await page.keyboard.press('Tab');
	assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Към съдържанието');
	assert.ok(await focusIsVisible(page), 'the skip link shows focus');

	await tabTo(page, { text: 'Петър Стоянов' });
	assert.ok(await focusIsVisible(page), 'links show focus');
	// One step too far and back: Shift+Tab works as well.
	await page.keyboard.press('Tab');
	await tabTo(page, { text: 'Петър Стоянов' }, { key: 'Shift+Tab' });
	await page.keyboard.press('Enter');
	await page.waitForURL(/\/officials\/kmet-sredets$/);

	await tabTo(page, { within: 'ul.days' });
	await page.keyboard.press('Enter');
	await page.waitForURL(/\/days\//);
	await tabTo(page, { within: 'ul.slots' });
	const slot = (await page.evaluate(() => document.activeElement.textContent)).trim();
	await page.keyboard.press('Enter');
	await page.waitForURL(/\/book\?start=/);

	await tabTo(page, { id: 'name' });
	await page.keyboard.type('Стефан Колев');
	await page.keyboard.press('Tab');
	await page.keyboard.type('stefan@example.bg');
	await tabTo(page, { id: 'topic' });
	await page.keyboard.type('Достъп до сградата');
	await tabTo(page, { id: 'need-sign_language' });
	assert.ok(await focusIsVisible(page), 'checkboxes show focus');
	await page.keyboard.press('Space');
	await tabTo(page, { id: 'consent' });
	await page.keyboard.press('Space');
	await tabTo(page, { text: 'Продължете' });
	await page.keyboard.press('Enter');
	await page.waitForURL(/\/book$/);
	await tabTo(page, { text: 'Потвърждавам записването' });
	await page.keyboard.press('Enter');
	await page.getByRole('heading', { level: 1, name: 'Записването е потвърдено' }).waitFor();
	const main = text(await page.locator('main').innerText());
	assert.match(main, new RegExp(slot.split('–')[0]));
	assert.match(main, /Преводач на жестомимичен език/);

	// Manage link, then cancel — still by keyboard.
	await tabTo(page, { text: 'Връзка за преглед' });
	await page.keyboard.press('Enter');
	await page.waitForURL(/\/bookings\/[A-Za-z0-9_-]{22}$/);
	await tabTo(page, { text: 'Откажете срещата' });
	await page.keyboard.press('Enter');
	await page.waitForURL(/\/cancel$/);
	await tabTo(page, { text: 'Да, откажете срещата' });
	await page.keyboard.press('Space');
	await page.waitForURL(/\/bookings\/[A-Za-z0-9_-]{22}(\?.*)?$/);
	assert.match(text(await page.locator('main').innerText()), /Състояние отменено/);
});

test('a booking held until the citizen confirms it through the link in the email', async () => {
	// The demo's village mayor takes bookings as 30-minute holds.
	await page.goto(server.url + '/officials/kmet-bistritsa?lang=bg');
	await page.locator('ul.days a').first().click();
	await page.locator('ul.slots a').first().click();
	await page.getByLabel('Име и фамилия').fill('Васил Христов');
	await page.getByLabel('Имейл').fill('vasil@example.bg');
	await page.getByLabel('По какъв въпрос искате среща?').fill('Водоснабдяване на ул. „Витошка“');
	await page.getByLabel(/Съгласен\/съгласна съм/).check();
	await page.getByRole('button', { name: 'Продължете' }).click();
	await page.getByRole('button', { name: 'Потвърждавам записването' }).click();
	await page.getByRole('heading', { level: 1, name: 'Остава една стъпка: потвърдете по имейл' }).waitFor();
	assert.match(text(await page.locator('main').innerText()), /понеделник, 30 ноември 2026 г\., 07:30 ч\./);
	assert.equal(await page.getByRole('link', { name: /Изтегляне \(\.ics\)/ }).count(), 0, 'no calendar before the confirmation');
	await screenshot(page, 'held-bg');

	const mail = await server.waitForMail((m) => m.to?.[0]?.address === 'vasil@example.bg', 'the hold letter');
	assert.match(mail.subject, /^Потвърдете записването: среща при Иван Василев/);
	assert.equal(mail.attachments.length, 0, 'no invitation before the confirmation');
	const link = mail.text.match(/https?:\/\/\S+\/holds\/[A-Za-z0-9_-]{22}/)?.[0];
	assert.ok(link, mail.text);
	await page.goto(link);
	await screenshot(page, 'hold-confirm-bg');
	await page.getByRole('button', { name: 'Потвърждавам записването' }).click();
	await page.getByRole('heading', { level: 1, name: 'Записването е потвърдено' }).waitFor();
	await server.waitForMail((m) => m.to?.[0]?.address === 'vasil@example.bg' && m.attachments.some(
		(a) => icsLines(new TextDecoder().decode(a.content)).includes('METHOD:REQUEST')), 'the invitation after the confirmation');
	// The link is spent.
	await page.goto(link);
	assert.match(text(await page.locator('main').innerText()), /вече е използвана или е изтекла/);
});

test('without JavaScript the anti-bot check cannot run: the booking is held and the emailed link confirms it', async () => {
	const noJS = await launch({ javaScript: false });
	try {
		const p = noJS.page;
		await p.goto(server.url + '/officials/kmet-triaditsa/days/2026-12-07');
		await p.getByRole('link', { name: '11:45–12:00 ч.' }).click();
		await p.getByLabel('Име и фамилия').fill('Здравка Илиева');
		await p.getByLabel('Имейл').fill('zdravka@example.bg');
		await p.getByLabel('По какъв въпрос искате среща?').fill('Детска площадка в кв. „Лозенец“');
		await p.getByLabel(/Съгласен\/съгласна съм/).check();
		await p.getByRole('button', { name: 'Продължете' }).click();
		assert.match(text(await p.locator('main').innerText()), /Без JavaScript ще Ви изпратим връзка по имейл/);
		await p.getByRole('button', { name: 'Потвърждавам записването' }).click();
		await p.getByRole('heading', { level: 1, name: 'Остава една стъпка: потвърдете по имейл' }).waitFor();
		const mail = await server.waitForMail((m) => m.to?.[0]?.address === 'zdravka@example.bg', 'the hold letter');
		await p.goto(mail.text.match(/https?:\/\/\S+\/holds\/[A-Za-z0-9_-]{22}/)[0]);
		await p.getByRole('button', { name: 'Потвърждавам записването' }).click();
		await p.getByRole('heading', { level: 1, name: 'Записването е потвърдено' }).waitFor();
	} finally {
		await noJS.close();
	}
});

test('the language switch turns every page to English and back, and stays on the page', async () => {
	await page.goto(server.url + '/officials/kmet-triaditsa');
	await page.getByRole('link', { name: 'English' }).click();
	await page.waitForURL(/\/officials\/kmet-triaditsa/);
	assert.equal(await page.getAttribute('html', 'lang'), 'en');
	await page.getByRole('heading', { name: 'Next reception days' }).waitFor();
	await screenshot(page, 'official-en');
	// Remembered on the next page.
	await page.getByRole('link', { name: 'Monday 7 December 2026' }).click();
	assert.equal(await page.getAttribute('html', 'lang'), 'en');
	await page.getByRole('link', { name: /^09:15/ }).click();
	assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Your details');
	await page.getByRole('link', { name: 'Български' }).click();
	assert.equal(await page.getAttribute('html', 'lang'), 'bg');
	assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Вашите данни');
});

test('a form error shows the summary, focus lands on it, and its links lead to the fields', async () => {
	await page.goto(server.url + '/officials/kmet-triaditsa/days/2026-12-07');
	await page.getByRole('link', { name: '11:00–11:15 ч.' }).click();
	await page.getByLabel('Имейл').fill('не-е-имейл');
	await page.getByRole('button', { name: 'Продължете' }).click();
	const summary = page.locator('.error-summary');
	await summary.waitFor();
	assert.ok(await summary.evaluate((el) => el === document.activeElement), 'focus is on the error summary');
	assert.match(await page.title(), /^Има проблем/);
	assert.ok(await focusIsVisible(page), 'the summary shows focus');
	await screenshot(page, 'book-errors-bg');
	// What was typed is kept; each message links to its field.
	assert.equal(await page.getByLabel('Имейл').inputValue(), 'не-е-имейл');
	const links = await summary.getByRole('link').all();
	assert.ok(links.length >= 3, `${links.length} errors listed`);
	await summary.getByRole('link', { name: /имейл/i }).click();
	assert.equal(await page.evaluate(() => document.activeElement.id), 'email');
});
