// axe-core's WCAG 2.2 A and AA rules on every public and staff page, in
// Bulgarian and English, on a desktop and a 320 px wide screen.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { admin, audit, screenshot, useServerAndBrowser } from './lib/harness.js';

// Monday 30 November 2026, 09:05 in Sofia: the Triaditsa mayor's reception
// day has begun, so a walk-in can be checked in.
const env = useServerAndBrowser('2026-11-30T09:05:00+02:00');

const official = '/officials/kmet-triaditsa';
const day = official + '/days/2026-12-07';

// What a citizen's form takes, so that each language and width books once.
let run = 0;
async function fillBookingForm() {
	await env.page.locator('#name').fill('Тодор Тодоров');
	await env.page.locator('#email').fill(`todor${run}@example.bg`);
	await env.page.locator('#topic').fill('Улично осветление на ул. „Солун“');
	await env.page.locator('#need-companion').check();
	await env.page.locator('#consent').check();
}
const submit = (name) => env.page.locator(`main form button[type=submit]${name ? `[name="${name}"]` : ''}`).first().click();

// fillDay takes every seat of a day of the Triaditsa mayor through the API
// (each a hold, without the anti-bot proof), so that the waiting list opens.
let filled;
async function fillDay(date) {
	const slots = await (await fetch(`${env.server.url}/api/v1/${official.slice(1)}/slots?from=${date}&to=${date}`)).json();
	const taken = [];
	for (const slot of slots) {
		for (let i = 0; i < slot.available; i++) {
			const res = await fetch(env.server.url + '/api/v1/bookings', {
				method: 'POST', headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ official: 'kmet-triaditsa', start: slot.start, name: 'Зает Час', email: `filler${taken.length}@example.bg`, topic: 'Друг въпрос' }),
			});
			assert.equal(res.status, 201);
			taken.push(await res.json());
		}
	}
	return taken;
}

// Each page is reached the way a person reaches it; for a page behind a
// form, the form is filled and sent first. The booking pages follow one
// another, so they run in this order.
let manage;
const publicPages = [
	['home', async () => env.page.goto('/')],
	['search results', async () => env.page.goto('/?q=' + encodeURIComponent('Триадица'))],
	['search without results', async () => env.page.goto('/?q=zzzz')],
	['official, step-free', async () => env.page.goto(official)],
	['official, not step-free', async () => env.page.goto('/officials/kmet-sredets')],
	['reception day', async () => env.page.goto(day)],
	['booking form', async () => { await env.page.goto(day); await env.page.locator('ul.slots a').first().click(); }],
	['booking form with errors', async () => { await submit(); await env.page.locator('.error-summary').waitFor(); }],
	['check your answers', async () => { await fillBookingForm(); await submit(); await env.page.locator('dl.summary').waitFor(); }],
	['confirmation', async () => {
		await submit(); await env.page.locator('.reference').waitFor();
		manage = await env.page.locator('a[href*="/bookings/"]').last().getAttribute('href');
	}],
	// The same citizen again with the same official: told at once, with a way forward.
	['already booked', async () => {
		await env.page.goto(day); await env.page.locator('ul.slots a').nth(1).click();
		await fillBookingForm(); await submit(); await env.page.locator('form[action="/lost-link"]').waitFor();
	}],
	['links sent', async () => { await env.page.locator('form[action="/lost-link"] button').click(); await env.page.locator('.notice').waitFor(); }],
	// An old link to a day whose booking opens on 14 December.
	['day not open yet', async () => env.page.goto(official + '/book?start=' + encodeURIComponent('2027-01-04T09:00:00+02:00'))],
	// A link to a slot on Monday 28 December, the day off for the 26th.
	['no reception day', async () => env.page.goto(official + '/book?start=' + encodeURIComponent('2026-12-28T09:00:00+02:00'))],
	['lost link', async () => env.page.goto('/lost-link')],
	['lost link with errors', async () => { await submit(); await env.page.locator('.error-summary').waitFor(); }],
	['manage booking', async () => env.page.goto(manage)],
	['move booking', async () => env.page.goto(manage + '/move')],
	['move booking with errors', async () => { await submit(); await env.page.locator('.error-summary').waitFor(); }],
	['cancel booking', async () => env.page.goto(manage + '/cancel')],
	['cancelled booking', async () => { await submit(); await env.page.locator('.notice').waitFor(); }],
	['feedback', async () => env.page.goto(manage + '/feedback')],
	['booking held until confirmed', async () => {
		await env.page.goto('/officials/kmet-bistritsa');
		await env.page.locator('ul.days a').first().click();
		await env.page.locator('ul.slots a').first().click();
		await fillBookingForm();
		await submit(); await env.page.locator('dl.summary').waitFor();
		await submit(); await env.page.locator('.reference').waitFor();
	}],
	['confirm a hold', async () => {
		const mail = await env.server.waitForMail((m) => m.to?.[0]?.address === `todor${run}@example.bg` && m.text.includes('/holds/'), 'hold letter');
		await env.page.goto(mail.text.match(/https?:\/\/\S+\/holds\/[A-Za-z0-9_-]{22}/)[0]);
	}],
	['day without free slots', async () => {
		if (!filled) filled = await fillDay('2026-12-14');
		await env.page.goto(official + '/days/2026-12-14');
	}],
	['waiting list form', async () => env.page.goto(official + '/waitlist?date=2026-12-14')],
	['waiting list form with errors', async () => { await submit(); await env.page.locator('.error-summary').waitFor(); }],
	['place on the waiting list', async () => {
		await env.page.locator('#name').fill('Вера Чакаща');
		await env.page.locator('#email').fill(`wait${run}@example.bg`);
		await env.page.locator('#topic').fill('Озеленяване на междублоково пространство');
		await env.page.locator('#day-1').check();
		await env.page.locator('#consent').check();
		await submit(); await env.page.locator('p.place').waitFor();
	}],
	['offer of a freed seat', async () => {
		const res = await fetch(filled[run - 1].manage_url.replace('/bookings/', '/api/v1/bookings/') + '/cancel', { method: 'POST' });
		assert.equal(res.status, 200);
		const mail = await env.server.waitForMail((m) => m.to?.[0]?.address === `wait${run}@example.bg` && m.text.includes('/waitlist/offers/'), 'offer letter');
		await env.page.goto(mail.text.match(/https?:\/\/\S+\/waitlist\/offers\/[A-Za-z0-9_-]{22}/)[0]);
	}],
	['complaint form', async () => env.page.goto('/complaints')],
	['complaint form with errors', async () => { await submit(); await env.page.locator('.error-summary').waitFor(); }],
	['complaint filed', async () => {
		await env.page.locator('#text').fill('Чаках пред приемната 40 минути след часа си.');
		await env.page.locator('#email').fill(`complaint${run}@example.bg`);
		await submit(); await env.page.locator('.reference').waitFor();
	}],
	['privacy notice', async () => env.page.goto('/privacy')],
	['accessibility statement', async () => env.page.goto('/accessibility')],
	['statistics', async () => env.page.goto('/statistics')],
	['page not found', async () => env.page.goto('/officials/no-such-official')],
];

let scheduleEnd, feedback, language;
const staffPages = [
	['staff sign-in', async () => env.page.goto('/staff/login')],
	['staff sign-in with errors', async () => {
		await env.page.locator('#email').fill(admin.email);
		await env.page.locator('#password').fill('грешна парола');
		await submit(); await env.page.locator('.error-summary').waitFor();
	}],
	['staff home', async () => {
		await env.page.locator('#password').fill(admin.password);
		await submit(); await env.page.waitForURL(/\/staff\/$/);
	}],
	['day sheet', async () => env.page.goto('/staff' + official + '/day?date=2026-12-07')],
	['day sheet without bookings', async () => env.page.goto('/staff' + official + '/day?date=2026-12-08')],
	['cancel a reception day: check page', async () => env.page.goto('/staff' + official + '/close?date=2026-12-07')],
	['cancel a reception day: check page with errors', async () => { await submit(); await env.page.locator('.error-summary').waitFor(); }],
	['hand a day over: check page', async () => env.page.goto('/staff' + official + '/handover?date=2026-12-07')],
	['error page of a staff page', async () => env.page.goto('/staff' + official + '/schedules/99999/end')],
	['contested no-shows', async () => env.page.goto('/staff' + official + '/contests')],
	['reception calendars', async () => env.page.goto('/staff' + official + '/schedules')],
	['reception calendar with errors', async () => { await submit('do'); await env.page.locator('.error-summary').waitFor(); }],
	['reception calendar preview', async () => {
		await env.page.goto('/staff' + official + '/schedules');
		await env.page.locator('#day-3').check();
		await env.page.locator('#start').fill('10:00');
		await env.page.locator('#location').fill('бул. „Витоша“ 64, зала 2');
		await submit('do'); await env.page.locator('#preview').waitFor();
		scheduleEnd = await env.page.locator('a[href$="/end"]').first().getAttribute('href');
	}],
	['end a reception calendar', async () => env.page.goto(scheduleEnd)],
	['statistics of an official', async () => env.page.goto('/staff' + official + '/stats')],
	['waiting list of an official', async () => env.page.goto('/staff' + official + '/waitlist')],
	['complaint register', async () => env.page.goto('/staff/complaints')],
	['a complaint to answer', async () => { await env.page.locator('table.sheet a').first().click(); await env.page.locator('#answer').waitFor(); }],
	['an answered complaint', async () => {
		await env.page.locator('#answer').fill('Извиняваме се за забавянето; вече има втори служител.');
		await submit(); await env.page.locator('.notice').waitFor();
	}],
	['desk', async () => env.page.goto('/staff' + official + '/desk')],
	['desk with an unknown reference', async () => {
		await env.page.locator('#reference').fill('SO-0000-0000');
		await env.page.keyboard.press('Enter');
		await env.page.locator('[role=alert]#desk-result').waitFor();
	}],
	['new unit', async () => env.page.goto('/staff/units/new')],
	['new unit with errors', async () => { await submit(); await env.page.locator('.error-summary').waitFor(); }],
	['edit unit', async () => env.page.goto('/staff/units/rayon-triaditsa/edit')],
	['new official', async () => env.page.goto('/staff/officials/new')],
	['new official with errors', async () => { await submit(); await env.page.locator('.error-summary').waitFor(); }],
	['edit official', async () => env.page.goto('/staff' + official + '/edit')],
	['undelivered mail', async () => env.page.goto('/staff/outbox')],
	// A citizen who came in without booking, then her feedback form.
	['day sheet with a walk-in booked', async () => {
		await env.page.goto('/staff' + official + '/day');
		const form = env.page.locator('form[action$="/book"]');
		await form.locator('#name').fill('Ана Гостенова');
		await form.locator('#email').fill(`walkin${run}@example.bg`);
		await form.locator('#topic').fill('Справка за данъчна оценка');
		await form.locator('#consent').check();
		await form.locator('button[type=submit]').click();
		await env.page.locator('table.sheet', { hasText: 'Ана Гостенова' }).waitFor();
	}],
	['feedback form', async () => {
		await env.page.locator('tr', { hasText: 'Ана Гостенова' }).locator('form[action$="/arrival"] button').first().click();
		const mail = await env.server.waitForMail((m) => m.to?.[0]?.address === `walkin${run}@example.bg`, 'walk-in confirmation');
		feedback = mail.text.match(/https?:\/\/\S+\/bookings\/[A-Za-z0-9_-]{22}(?=\s|$)/)[0] + '/feedback';
		// The link opens in the booking's language; the switch, in the other.
		await env.page.goto(feedback + '?lang=' + language);
		await env.page.locator('form[action$="/feedback"]').waitFor();
	}],
	['feedback form with errors', async () => {
		await env.page.locator('form[action$="/feedback"] button[type=submit]').click();
		await env.page.locator('.error-summary').waitFor();
	}],
];

const combos = [];
for (const lang of ['bg', 'en']) for (const width of [1280, 320]) combos.push({ lang, width });

test('the audit finds what it should: a page with known faults fails it', async () => {
	await env.page.setContent('<html><body><img src="x.png"><label>Имейл</label><input type="email">'
		+ '<p style="color:#aaa;background:#fff">бледо</p></body></html>');
	const ids = new Set((await audit(env.page)).map((v) => v.split(' ')[0]));
	for (const id of ['html-has-lang', 'image-alt', 'label', 'color-contrast']) assert.ok(ids.has(id), `axe reports ${id}: ${[...ids]}`);
});

// checkPage audits the page as it is and, at 320 px, that nothing but a
// data table in its own box scrolls sideways (WCAG 1.4.10).
async function checkPage(name, lang, width, failures, audited) {
	const where = `${name} [${lang}, ${width} px]`;
	assert.equal(await env.page.getAttribute('html', 'lang'), lang, `${where}: html lang`);
	const violations = await audit(env.page);
	failures.push(...violations.map((v) => `${where} ${env.page.url()}: ${v}`));
	if (width === 320) {
		const wide = await env.page.evaluate(() => {
			const screen = document.documentElement.clientWidth;
			if (document.documentElement.scrollWidth <= screen) return null;
			return [...document.querySelectorAll('body *')]
				.filter((el) => !el.closest('.scroll') && (el.getBoundingClientRect().right > screen + 1
					|| (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible')))
				.map((el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className ? '.' + el.className : ''))
				.slice(0, 5).join(', ') || 'something';
		});
		if (wide) failures.push(`${where}: wider than the screen: ${wide}`);
		await screenshot(env.page, `320px-${lang}-${name.replaceAll(' ', '-').replaceAll(',', '')}`);
	}
	audited.push(`${where}  ${new URL(env.page.url()).pathname}`);
}

async function startCombo({ lang, width }) {
	await env.page.setViewportSize({ width, height: 800 });
	await env.browser.context.clearCookies();
	await env.page.goto(env.server.url + '/?lang=' + lang);
}

test('every page passes axe-core WCAG 2.2 A and AA, in both languages, wide and 320 px', async (t) => {
	const failures = [];
	const audited = [];
	for (const combo of combos) {
		run++;
		language = combo.lang;
		await startCombo(combo);
		for (const [name, visit] of [...publicPages, ...staffPages]) {
			await visit(); // paths are relative to the server (baseURL)
			await checkPage(name, combo.lang, combo.width, failures, audited);
		}
	}
	t.diagnostic(`audited ${audited.length} page views:\n` + audited.join('\n'));
	assert.deepEqual(failures, [], failures.join('\n'));
});

// The page where a citizen contests a no-show, opened from the letter's
// link: the form, the form with its error, the objection sent, and the
// polite refusal once the time to contest has passed. Its citizens miss a
// meeting on the Mladost mayor's first reception day (the clock moves
// there, and past the deadline at the end).
test('the contest page passes axe-core WCAG 2.2 A and AA in each of its states', async (t) => {
	const failures = [];
	const audited = [];
	const emails = combos.map((_, i) => `contest${i}@example.bg`);
	const links = await env.server.missedMeetings('kmet-mladost', [...emails, 'contest-late@example.bg']);
	for (const [i, combo] of combos.entries()) {
		await startCombo(combo);
		await env.page.goto(links[emails[i]]);
		await checkPage('contest a no-show', combo.lang, combo.width, failures, audited);
		await submit(); await env.page.locator('.error-summary').waitFor();
		await checkPage('contest a no-show with errors', combo.lang, combo.width, failures, audited);
		await env.page.locator('#reason-came').check();
		await submit(); await env.page.locator('.notice').waitFor();
		await checkPage('no-show contested', combo.lang, combo.width, failures, audited);
	}
	// 14 days after the missed meeting have passed.
	const day = new Date(Date.parse(env.server.now));
	env.server.setClock(new Date(day.getTime() + 15 * 24 * 3600_000).toISOString());
	for (const combo of combos) {
		await startCombo(combo);
		await env.page.goto(links['contest-late@example.bg']);
		await env.page.locator('a[href^="/complaints?booking="]').waitFor();
		await checkPage('too late to contest a no-show', combo.lang, combo.width, failures, audited);
	}
	t.diagnostic(`audited ${audited.length} page views:\n` + audited.join('\n'));
	assert.deepEqual(failures, [], failures.join('\n'));
});
