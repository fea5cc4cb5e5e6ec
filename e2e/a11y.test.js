// axe-core's WCAG 2.1 A and AA rules on every public and staff page, in
// Bulgarian and English, on a desktop and a 320 px wide screen.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { admin, audit, launch, screenshot, startServer } from './lib/harness.js';

let server, browser, page;

before(async () => {
	server = await startServer('2026-11-30T07:00:00+02:00');
	browser = await launch();
	page = browser.page;
});
after(async () => {
	await browser?.close();
	await server?.stop();
});

const official = '/officials/kmet-triaditsa';
const day = official + '/days/2026-12-07';

// What a citizen's form takes, so that each language and width books once.
let run = 0;
async function fillBookingForm() {
	await page.locator('#name').fill('Тодор Тодоров');
	await page.locator('#email').fill(`todor${run}@example.bg`);
	await page.locator('#topic').fill('Улично осветление на ул. „Солун“');
	await page.locator('#need-companion').check();
	await page.locator('#consent').check();
}
const submit = (name) => page.locator(`main form button[type=submit]${name ? `[name="${name}"]` : ''}`).first().click();

// Each page is reached the way a person reaches it; for a page behind a
// form, the form is filled and sent first. The booking pages follow one
// another, so they run in this order.
let manage;
const publicPages = [
	['home', async () => page.goto('/')],
	['search results', async () => page.goto('/?q=' + encodeURIComponent('Триадица'))],
	['search without results', async () => page.goto('/?q=zzzz')],
	['official, step-free', async () => page.goto(official)],
	['official, not step-free', async () => page.goto('/officials/kmet-sredets')],
	['reception day', async () => page.goto(day)],
	['booking form', async () => { await page.goto(day); await page.locator('ul.slots a').first().click(); }],
	['booking form with errors', async () => { await submit(); await page.locator('.error-summary').waitFor(); }],
	['check your answers', async () => { await fillBookingForm(); await submit(); await page.locator('dl.summary').waitFor(); }],
	['confirmation', async () => { await submit(); await page.locator('.reference').waitFor(); }],
	['manage booking', async () => { manage = await page.locator('a[href*="/bookings/"]').last().getAttribute('href'); await page.goto(manage); }],
	['move booking', async () => page.goto(manage + '/move')],
	['move booking with errors', async () => { await submit(); await page.locator('.error-summary').waitFor(); }],
	['cancel booking', async () => page.goto(manage + '/cancel')],
	['cancelled booking', async () => { await submit(); await page.locator('.notice').waitFor(); }],
	['feedback', async () => page.goto(manage + '/feedback')],
	['booking held until confirmed', async () => {
		await page.goto('/officials/kmet-bistritsa');
		await page.locator('ul.days a').first().click();
		await page.locator('ul.slots a').first().click();
		await fillBookingForm();
		await submit(); await page.locator('dl.summary').waitFor();
		await submit(); await page.locator('.reference').waitFor();
	}],
	['confirm a hold', async () => {
		const mail = await server.waitForMail((m) => m.to?.[0]?.address === `todor${run}@example.bg` && m.text.includes('/holds/'), 'hold letter');
		await page.goto(mail.text.match(/https?:\/\/\S+\/holds\/[A-Za-z0-9_-]{22}/)[0]);
	}],
	['privacy notice', async () => page.goto('/privacy')],
	['accessibility statement', async () => page.goto('/accessibility')],
	['statistics', async () => page.goto('/statistics')],
	['page not found', async () => page.goto('/officials/no-such-official')],
];

let scheduleEnd;
const staffPages = [
	['staff sign-in', async () => page.goto('/staff/login')],
	['staff sign-in with errors', async () => {
		await page.locator('#email').fill(admin.email);
		await page.locator('#password').fill('грешна парола');
		await submit(); await page.locator('.error-summary').waitFor();
	}],
	['staff home', async () => {
		await page.locator('#password').fill(admin.password);
		await submit(); await page.waitForURL(/\/staff\/$/);
	}],
	['day sheet', async () => page.goto('/staff' + official + '/day?date=2026-12-07')],
	['day sheet without bookings', async () => page.goto('/staff' + official + '/day?date=2026-12-08')],
	['reception calendars', async () => page.goto('/staff' + official + '/schedules')],
	['reception calendar with errors', async () => { await submit('do'); await page.locator('.error-summary').waitFor(); }],
	['reception calendar preview', async () => {
		await page.goto('/staff' + official + '/schedules');
		await page.locator('#day-3').check();
		await page.locator('#start').fill('10:00');
		await page.locator('#location').fill('бул. „Витоша“ 64, зала 2');
		await submit('do'); await page.locator('#preview').waitFor();
		scheduleEnd = await page.locator('a[href$="/end"]').first().getAttribute('href');
	}],
	['end a reception calendar', async () => page.goto(scheduleEnd)],
	['statistics of an official', async () => page.goto('/staff' + official + '/stats')],
	['new unit', async () => page.goto('/staff/units/new')],
	['new unit with errors', async () => { await submit(); await page.locator('.error-summary').waitFor(); }],
	['edit unit', async () => page.goto('/staff/units/rayon-triaditsa/edit')],
	['new official', async () => page.goto('/staff/officials/new')],
	['new official with errors', async () => { await submit(); await page.locator('.error-summary').waitFor(); }],
	['edit official', async () => page.goto('/staff' + official + '/edit')],
];

const combos = [];
for (const lang of ['bg', 'en']) for (const width of [1280, 320]) combos.push({ lang, width });

test('the audit finds what it should: a page with known faults fails it', async () => {
	await page.setContent('<html><body><img src="x.png"><label>Имейл</label><input type="email">'
		+ '<p style="color:#aaa;background:#fff">бледо</p></body></html>');
	const ids = new Set((await audit(page)).map((v) => v.split(' ')[0]));
	for (const id of ['html-has-lang', 'image-alt', 'label', 'color-contrast']) assert.ok(ids.has(id), `axe reports ${id}: ${[...ids]}`);
});

test('every page passes axe-core WCAG 2.1 A and AA, in both languages, wide and 320 px', async (t) => {
	const failures = [];
	const audited = [];
	for (const { lang, width } of combos) {
		run++;
		await page.setViewportSize({ width, height: 800 });
		await browser.context.clearCookies();
		await page.goto(server.url + '/?lang=' + lang);
		for (const [name, visit] of [...publicPages, ...staffPages]) {
			const where = `${name} [${lang}, ${width} px]`;
			// Paths are relative to the server.
			const goto = page.goto.bind(page);
			page.goto = (url, opts) => goto(url.startsWith('/') ? server.url + url : url, opts);
			try {
				await visit();
			} finally {
				page.goto = goto;
			}
			assert.equal(await page.getAttribute('html', 'lang'), lang, `${where}: html lang`);
			const violations = await audit(page);
			failures.push(...violations.map((v) => `${where} ${page.url()}: ${v}`));
			// WCAG 1.4.10: the page never scrolls sideways at 320 px; data
			// tables (which the criterion exempts) scroll in their own box.
			if (width === 320) {
				const wide = await page.evaluate(() => {
					const screen = document.documentElement.clientWidth;
					if (document.documentElement.scrollWidth <= screen) return null;
					return [...document.querySelectorAll('body *')]
						.filter((el) => !el.closest('.scroll') && (el.getBoundingClientRect().right > screen + 1
							|| (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible')))
						.map((el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className ? '.' + el.className : ''))
						.slice(0, 5).join(', ') || 'something';
				});
				if (wide) failures.push(`${where}: wider than the screen: ${wide}`);
				await screenshot(page, `320px-${lang}-${name.replaceAll(' ', '-').replaceAll(',', '')}`);
			}
			audited.push(`${where}  ${new URL(page.url()).pathname}`);
		}
	}
	t.diagnostic(`audited ${audited.length} page views:\n` + audited.join('\n'));
	assert.deepEqual(failures, [], failures.join('\n'));
});
