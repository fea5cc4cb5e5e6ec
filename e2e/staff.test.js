// An assistant's day in the browser: sign in, add a reception calendar,
// check a citizen in late and mark another a no-show.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assistant, focusLandsOn, screenshot, solveChallenge, useServerAndBrowser } from './lib/harness.js';

// Monday 30 November 2026, 07:00 in Sofia.
const env = useServerAndBrowser('2026-11-30T07:00:00+02:00');

const text = async () => (await env.page.locator('main').innerText()).replace(/\s+/g, ' ');

async function signIn() {
	await env.page.goto(env.server.url + '/staff/');
	await env.page.waitForURL(/\/staff\/login/);
	await env.page.getByLabel('Имейл').fill(assistant.email);
	await env.page.getByLabel('Парола').fill(assistant.password);
	await env.page.getByRole('button', { name: 'Вход' }).click();
	await env.page.waitForURL(/\/staff\/$/);
}

// book books a slot through the public API, as a citizen's app would,
// with the proof of work solved.
async function book(start, name, email) {
	const res = await fetch(env.server.url + '/api/v1/bookings', {
		method: 'POST', headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({
			official: assistant.official, start, name, email, topic: 'Разрешение за ремонт на фасада', consent: true,
			altcha: await solveChallenge(env.server.url),
		}),
	});
	const body = await res.json();
	assert.equal(res.status, 201, JSON.stringify(body));
	return body;
}

test('an assistant signs in, adds a reception calendar, checks a citizen in late and marks a no-show', async () => {
	await env.page.goto(env.server.url + '/staff/login');
	await screenshot(env.page, 'staff-login-bg');
	await signIn();
	await screenshot(env.page, 'staff-home-bg');

	// A new reception calendar: Wednesdays 10:00–11:00, 15-minute slots.
	await env.page.getByRole('link', { name: /^График на приемните дни\s*: Даниела Костова/ }).click();
	await env.page.getByRole('group', { name: 'В кои дни' }).getByLabel('сряда').check();
	await env.page.getByLabel('Начало на приемния ден').fill('10:00');
	await env.page.getByLabel('Продължителност в минути').fill('60');
	await env.page.getByLabel('Минути за една среща').fill('15');
	await env.page.getByLabel('Граждани, приемани по едно и също време').fill('1');
	await env.page.getByLabel('Записването започва дни преди това').fill('30');
	await env.page.getByLabel('Записването спира часове преди това').fill('1');
	await env.page.getByLabel('Място (адрес, етаж, стая)').fill('бул. „Витоша“ 64, ет. 2, зала 5');
	await env.page.getByLabel('Достъпно без стъпала').check();
	await env.page.getByRole('button', { name: 'Преглед на следващите приемни дни' }).click();
	const preview = env.page.locator('#preview');
	await preview.waitFor();
	await focusLandsOn(env.page, '#preview', 'focus moves to the preview');
	assert.match(await preview.innerText(), /сряда, 2 декември 2026 г\./);
	await screenshot(env.page, 'staff-schedule-preview-bg');
	await env.page.getByRole('button', { name: 'Запазване' }).click();
	// The schedule reads in words; the rule itself stays one click away.
	assert.match(await text(), /всяка сряда, 10:00–11:00, по 15 минути · по 1 гражданин · бул\. „Витоша“ 64, ет\. 2, зала 5/);
	await env.page.getByRole('listitem').filter({ hasText: 'всяка сряда' }).locator('summary').click();
	assert.match(await text(), /DTSTART;TZID=Europe\/Sofia:20261202T100000 RRULE:FREQ=WEEKLY;(INTERVAL=1;)?BYDAY=WE/);

	// Two citizens book the new day; the public page offers it.
	await env.page.goto(env.server.url + '/officials/kmet-triaditsa');
	await env.page.getByRole('link', { name: 'сряда, 2 декември 2026 г.' }).waitFor();
	const late = await book('2026-12-02T10:00:00+02:00', 'Иван Иванов', 'ivan@example.bg');
	const absent = await book('2026-12-02T10:15:00+02:00', 'Мария Георгиева', 'maria@example.bg');

	// Two days ahead the sheet offers nothing to press yet.
	await env.page.goto(env.server.url + '/staff/officials/kmet-triaditsa/day?date=2026-12-02');
	const rowOf = (ref) => env.page.locator('table.sheet tbody tr', { hasText: ref });
	await rowOf(late.reference).waitFor();
	assert.equal(await env.page.locator('table.sheet button').count(), 0, 'buttons on a future day');

	// Wednesday, 10:20: Ivan comes twenty minutes after his 10:00 slot; the
	// 10:15 slot has begun and Maria is not here.
	env.server.setClock('2026-12-02T10:20:00+02:00');
	await signIn(); // the session of Monday has lapsed
	await env.page.getByRole('link', { name: 'Даниела Костова' }).first().click();
	await env.page.getByRole('heading', { level: 1 }).waitFor();
	assert.match(await rowOf(late.reference).innerText(), /потвърдено/);
	// Each button names the time and the citizen (two Ivan Ivanovs are common).
	await rowOf(late.reference).getByRole('button', { name: 'Пристигна — 10:00 ч., Иван Иванов' }).click();
	// Focus comes back to the row acted on, and a status message says what happened.
	await env.page.locator('#sheet-status', { hasText: 'Иван Иванов: пристигането е отбелязано' }).waitFor();
	await focusLandsOn(env.page, '#b-' + late.reference, 'focus on the row acted on');
	assert.equal(await env.page.locator('#sheet-status').getAttribute('role'), 'status');
	assert.match(await rowOf(late.reference).innerText(), /със закъснение/);
	assert.match(await rowOf(late.reference).innerText(), /10:20/);
	// Undo is called undo.
	await rowOf(late.reference).getByRole('button', { name: 'Връщане назад — 10:00 ч., Иван Иванов' }).waitFor();

	await rowOf(absent.reference).getByRole('button', { name: /^Неявяване — 10:15 ч\., Мария Георгиева/ }).click();
	await env.page.locator('#sheet-status', { hasText: 'Мария Георгиева: отбелязано е неявяване' }).waitFor();
	await focusLandsOn(env.page, '#b-' + absent.reference, 'focus on the row acted on');
	assert.match(await rowOf(absent.reference).innerText(), /неявяване/);
	assert.match(await env.page.locator('.day-summary').innerText(), /Записани\s+2/);
	await env.page.goto(env.page.url().split('?')[0] + '?date=2026-12-02'); // the sheet without the status message
	await screenshot(env.page, 'staff-day-sheet-bg', { docs: true });
	await env.page.setViewportSize({ width: 375, height: 800 });
	await screenshot(env.page, 'staff-day-sheet-phone-bg', { docs: true });
	await env.page.setViewportSize({ width: 1280, height: 900 });
	await env.page.emulateMedia({ media: 'print' });
	assert.match(await text(), /Отпечатано: сряда, 2 декември 2026 г\., 10:20 ч\./);
	await screenshot(env.page, 'staff-day-sheet-print-bg', { docs: true });
	await env.page.emulateMedia({ media: 'screen' });

	// The API agrees with the sheet, and Maria is told of her no-show.
	for (const [b, status] of [[late, 'late'], [absent, 'no_show']]) {
		const got = await (await fetch(b.manage_url.replace('/bookings/', '/api/v1/bookings/'))).json();
		assert.equal(got.status, status, JSON.stringify(got));
	}
	await env.server.waitForMail((m) => m.to?.[0]?.address === 'maria@example.bg' && /^Пропусната среща при Даниела Костова/.test(m.subject),
		'the no-show notice to maria@example.bg');

	// Cancelling next Wednesday goes through a page that lists who will be
	// told and asks for the reason; nothing changes before its button.
	const next = await book('2026-12-09T10:00:00+02:00', 'Петя Петрова', 'petya@example.bg');
	await env.page.goto(env.server.url + '/staff/officials/kmet-triaditsa/day?date=2026-12-09');
	await env.page.getByRole('button', { name: 'Отмяна на приемния ден…' }).click();
	await env.page.getByRole('heading', { level: 1, name: /^Проверете, преди да отмените приемния ден/ }).waitFor();
	assert.match(await text(), /Тези граждани ще получат писмо с причината: .*Петя Петрова .*petya@example\.bg/);
	await screenshot(env.page, 'staff-close-day-check-bg');
	await env.page.getByRole('button', { name: 'Отменете приемния ден и уведомете гражданите' }).click();
	await env.page.locator('.error-summary').waitFor();
	assert.equal(await env.page.locator('#reason').getAttribute('aria-invalid'), 'true');
	let got = await (await fetch(next.manage_url.replace('/bookings/', '/api/v1/bookings/'))).json();
	assert.equal(got.status, 'confirmed', 'the check page cancelled the booking');
	await env.page.getByRole('link', { name: /Посочете причината/ }).click();
	assert.equal(await env.page.evaluate(() => document.activeElement?.id), 'reason', 'the error links to its field');
	await env.page.locator('#reason').fill('Болест');
	await env.page.getByRole('button', { name: 'Отменете приемния ден и уведомете гражданите' }).click();
	await env.page.getByText('Приемният ден е отменен: Болест. Уведомен е 1 гражданин.').waitFor();
	got = await (await fetch(next.manage_url.replace('/bookings/', '/api/v1/bookings/'))).json();
	assert.equal(got.status, 'cancelled');
	await env.page.goto(env.server.url + '/officials/kmet-triaditsa/days/2026-12-09');
	assert.match(await text(), /Този приемен ден е отменен: Болест/);
	await env.server.waitForMail((m) => m.to?.[0]?.address === 'petya@example.bg' && /Болест/.test(m.text), 'the cancellation letter to petya@example.bg');
});

test('the schedule form reports every error at once, each linked to its field', async () => {
	// Still signed in from the assistant's day above.
	await env.page.goto(env.server.url + '/staff/officials/kmet-triaditsa/schedules');
	// No day of the week, a reception day of no length, nobody at a time, no place.
	await env.page.getByLabel('Продължителност в минути').fill('');
	await env.page.getByLabel('Граждани, приемани по едно и също време').fill('0');
	await env.page.getByRole('button', { name: 'Запазване' }).click();
	const summary = env.page.locator('.error-summary');
	await summary.waitFor();
	const links = await summary.getByRole('link').allInnerTexts();
	assert.equal(links.length, 4, links.join(' | '));
	assert.match(links[0], /изберете поне един ден от седмицата/);
	for (const id of ['day-1', 'duration_minutes', 'capacity', 'location']) {
		assert.equal(await env.page.locator('#' + id).getAttribute('aria-invalid'), 'true', `#${id} is marked invalid`);
	}
	await summary.getByRole('link').first().click();
	assert.equal(await env.page.evaluate(() => document.activeElement?.id), 'day-1', 'the error links to its field');
	await summary.getByRole('link', { name: /Посочете къде/ }).click();
	assert.equal(await env.page.evaluate(() => document.activeElement?.id), 'location');
});
