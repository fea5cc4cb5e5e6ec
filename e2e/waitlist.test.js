// The waiting list and the desk in the browser: a full day, a citizen joins
// the list, a cancellation frees a seat, the offer letter's link takes it;
// on the day an assistant checks her in by typing the reference as a
// scanner would, and the desk announces who came.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assistant, audit, screenshot, useServerAndBrowser } from './lib/harness.js';

// Monday 30 November 2026, 07:00 in Sofia; the Triaditsa mayor receives on
// Mondays 09:00–12:00, 15-minute slots, two citizens each.
const env = useServerAndBrowser('2026-11-30T07:00:00+02:00');
const text = async () => (await env.page.locator('main').innerText()).replace(/\s+/g, ' ');

// fillDay takes every seat of 7 December through the API (without the
// anti-bot proof each booking is a hold, which keeps its seat) and returns
// the bookings.
async function fillDay() {
	const slots = await (await fetch(env.server.url + '/api/v1/officials/kmet-triaditsa/slots?from=2026-12-07&to=2026-12-07')).json();
	const taken = [];
	for (const slot of slots) {
		for (let i = 0; i < slot.available; i++) {
			const res = await fetch(env.server.url + '/api/v1/bookings', {
				method: 'POST', headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ official: 'kmet-triaditsa', start: slot.start, name: 'Зает Час', email: `filler${taken.length}@example.bg`,
					topic: 'Друг въпрос' }),
			});
			const body = await res.json();
			assert.equal(res.status, 201, JSON.stringify(body));
			taken.push(body);
		}
	}
	assert.ok(taken.length >= 2, 'the day has seats');
	return taken;
}

test('a full day, the waiting list, a cancellation, the offer letter, the seat taken; then a scan at the desk', async () => {
	const taken = await fillDay();
	await env.page.goto('/officials/kmet-triaditsa/days/2026-12-07');
	assert.match(await text(), /В този ден няма свободни часове/);
	await env.page.getByRole('link', { name: 'Няма подходящ час? Запишете се в списъка с чакащи' }).click();
	await env.page.getByRole('heading', { level: 1, name: 'Списък с чакащи' }).waitFor();
	await env.page.getByLabel('Име и фамилия').fill('Вера Чакаща');
	await env.page.getByLabel('Имейл').fill('vera@example.bg');
	await env.page.getByLabel('По какъв въпрос искате среща?').fill('Озеленяване на междублоково пространство');
	await env.page.getByRole('group', { name: 'В кои дни от седмицата можете да дойдете?' }).getByLabel('понеделник').check();
	assert.equal(await env.page.getByLabel('От дата (по желание)').inputValue(), '2026-12-07');
	await env.page.getByLabel(/Прочетох как ще бъдат обработени/).check();
	await env.page.getByRole('button', { name: 'Запишете ме в списъка' }).click();
	await env.page.getByRole('heading', { level: 1, name: 'Мястото Ви в списъка с чакащи' }).waitFor();
	assert.match(await text(), /Вие сте под номер 1/);
	await screenshot(env.page, 'waitlist-entry-bg');
	const joined = await env.server.waitForMail((m) => m.to?.[0]?.address === 'vera@example.bg' && /списъка с чакащи/.test(m.subject),
		'the letter on joining');
	assert.ok(joined.text.includes(env.page.url()), 'the letter links to the place in the list');

	// The 09:00 booking is cancelled: the seat is held for Vera and offered.
	const first = taken[0];
	const cancelled = await fetch(first.manage_url.replace('/bookings/', '/api/v1/bookings/') + '/cancel', { method: 'POST' });
	assert.equal(cancelled.status, 200);
	const offer = await env.server.waitForMail((m) => m.to?.[0]?.address === 'vera@example.bg' && m.text.includes('/waitlist/offers/'),
		'the offer letter');
	assert.match(offer.subject, /Освободи се час/);
	const link = offer.text.match(/https?:\/\/\S+\/waitlist\/offers\/[A-Za-z0-9_-]{22}/)[0];
	await env.page.goto(link);
	await env.page.getByRole('heading', { level: 1, name: 'Освободи се час за Вас' }).waitFor();
	assert.match(await text(), /09:00/);
	await screenshot(env.page, 'waitlist-offer-bg');
	await env.page.getByRole('button', { name: 'Вземам часа' }).click();
	await env.page.getByRole('heading', { level: 1, name: 'Записването е потвърдено' }).waitFor();
	const reference = (await env.page.locator('.reference').innerText()).trim();
	assert.equal(await env.page.locator('figure.qr svg').count(), 1, 'the confirmation carries the QR code');
	await env.server.waitForMail((m) => m.to?.[0]?.address === 'vera@example.bg' && m.text.includes(reference)
		&& m.attachments.some((a) => a.mimeType === 'image/png'), 'the invitation with the QR code');
	// The one-time link is spent.
	await env.page.goto(link);
	assert.match(await text(), /вече е използвана/);

	// The day: 09:20, twenty minutes after her 09:00 slot. The assistant
	// types the reference at the desk and presses Enter, as a scanner does.
	env.server.setClock('2026-12-07T09:20:00+02:00');
	await env.page.goto('/staff/');
	await env.page.waitForURL(/\/staff\/login/);
	await env.page.getByLabel('Имейл').fill(assistant.email);
	await env.page.getByLabel('Парола').fill(assistant.password);
	await env.page.getByRole('button', { name: 'Вход' }).click();
	await env.page.waitForURL(/\/staff\/$/);
	await env.page.getByRole('link', { name: /^Гише\s*: Даниела Костова/ }).click();
	const input = env.page.getByLabel('Номер на записването');
	assert.ok(await input.evaluate((el) => el === document.activeElement), 'the input has the focus');
	await env.page.keyboard.type(reference.toLowerCase());
	await env.page.keyboard.press('Enter');
	const status = env.page.getByRole('status');
	await status.filter({ hasText: 'Вера Чакаща' }).waitFor();
	assert.match(await status.innerText(), /със закъснение/);
	assert.match(await status.innerText(), /Озеленяване/);
	assert.ok(await input.evaluate((el) => el === document.activeElement && el.value === ''), 'ready for the next scan');
	assert.equal(await input.getAttribute('aria-describedby'), 'desk-result reference-hint', 'the result is read with the input');
	await screenshot(env.page, 'staff-desk-bg');
	assert.deepEqual(await audit(env.page), []);

	// The same reference again: already checked in, said in an alert.
	await input.fill(reference);
	await env.page.keyboard.press('Enter');
	await env.page.getByRole('alert').filter({ hasText: 'със закъснение' }).waitFor();
});
