// An assistant's day in the browser: sign in, add a reception calendar,
// check a citizen in late and mark another a no-show.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assistant, screenshot, solveChallenge, useServerAndBrowser } from './lib/harness.js';

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
	assert.ok(await preview.evaluate((el) => el === document.activeElement), 'focus moves to the preview');
	assert.match(await preview.innerText(), /сряда, 2 декември 2026 г\./);
	await screenshot(env.page, 'staff-schedule-preview-bg');
	await env.page.getByRole('button', { name: 'Запазване' }).click();
	// The schedule reads in words; the rule itself stays one click away.
	assert.match(await text(), /всяка сряда, 10:00–11:00, по 15 минути · по 1 гражданин · бул\. „Витоша“ 64, ет\. 2, зала 5/);
	await env.page.getByText('Правилото като текст (RFC 5545)').click();
	assert.match(await text(), /DTSTART;TZID=Europe\/Sofia:20261202T100000 RRULE:FREQ=WEEKLY;(INTERVAL=1;)?BYDAY=WE/);

	// Two citizens book the new day; the public page offers it.
	await env.page.goto(env.server.url + '/officials/kmet-triaditsa');
	await env.page.getByRole('link', { name: 'сряда, 2 декември 2026 г.' }).waitFor();
	const late = await book('2026-12-02T10:00:00+02:00', 'Иван Иванов', 'ivan@example.bg');
	const absent = await book('2026-12-02T10:15:00+02:00', 'Мария Георгиева', 'maria@example.bg');

	// Wednesday, 10:20: Ivan comes twenty minutes after his 10:00 slot; the
	// 10:15 slot has begun and Maria is not here.
	env.server.setClock('2026-12-02T10:20:00+02:00');
	await signIn(); // the session of Monday has lapsed
	await env.page.getByRole('link', { name: 'Даниела Костова' }).first().click();
	await env.page.getByRole('heading', { level: 1 }).waitFor();
	const rowOf = (ref) => env.page.locator('table.sheet tbody tr', { hasText: ref });
	assert.match(await rowOf(late.reference).innerText(), /потвърдено/);
	await rowOf(late.reference).getByRole('button', { name: /^Пристигна/ }).click();
	assert.match(await rowOf(late.reference).innerText(), /закъснял\(а\)/);
	assert.match(await rowOf(late.reference).innerText(), /10:20/);

	await rowOf(absent.reference).getByRole('button', { name: /^Неявяване/ }).click();
	assert.match(await rowOf(absent.reference).innerText(), /неявил\(а\) се/);
	await screenshot(env.page, 'staff-day-sheet-bg');

	// The API agrees with the sheet, and Maria is told of her no-show.
	for (const [b, status] of [[late, 'late'], [absent, 'no_show']]) {
		const got = await (await fetch(b.manage_url.replace('/bookings/', '/api/v1/bookings/'))).json();
		assert.equal(got.status, status, JSON.stringify(got));
	}
	await env.server.waitForMail((m) => m.to?.[0]?.address === 'maria@example.bg' && /^Пропусната среща при Даниела Костова/.test(m.subject),
		'the no-show notice to maria@example.bg');
});
