// No refusal is a dead end: each one a citizen can meet says so at once
// and offers the next step (issue 13).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assistant, useServerAndBrowser } from './lib/harness.js';

// Monday 30 November 2026, 09:05 in Sofia: the Triaditsa mayor's reception
// day has begun (walk-ins can be booked); the next one is 7 December.
const env = useServerAndBrowser('2026-11-30T09:05:00+02:00');
const day = '/officials/kmet-triaditsa/days/2026-12-07';

async function fillForm(email, name = 'Вера Иванова') {
	await env.page.getByLabel('Име и фамилия').fill(name);
	await env.page.getByLabel('Имейл').fill(email);
	await env.page.getByLabel('По какъв въпрос искате среща?').fill('Улично осветление на ул. „Солун“');
	await env.page.getByLabel(/Прочетох как ще бъдат обработени/).check();
}
const next = () => env.page.getByRole('button', { name: 'Продължете' }).click();
const h1 = () => env.page.getByRole('heading', { level: 1 }).innerText();

test('cap reached: a second booking with the same official is refused at once, with the links letter as the way forward', async () => {
	await env.page.goto(day);
	await env.page.locator('ul.slots a').nth(0).click();
	await fillForm('vera@example.bg');
	await next();
	await env.page.getByRole('button', { name: 'Потвърждавам записването' }).click();
	await env.page.locator('.reference').waitFor();

	await env.page.goto(day);
	await env.page.locator('ul.slots a').nth(1).click();
	await fillForm('vera@example.bg');
	await next();
	assert.equal(await h1(), 'Вече имате записване при Даниела Костова');
	const main = await env.page.locator('main').innerText();
	assert.match(main, /Какво можете да направите/);
	assert.ok(await env.page.locator('aside.contact a[href^="tel:"]').count() === 1, 'the office phone is offered');
	await env.page.getByRole('button', { name: 'Изпратете ми връзките отново' }).click();
	assert.equal(await h1(), 'Проверете пощата си');
	const mail = await env.server.waitForMail((m) => m.to?.[0]?.address === 'vera@example.bg' && m.subject === 'Връзките към Вашите записвания', 'links letter');
	assert.match(mail.text, /https?:\/\/\S+\/bookings\/[A-Za-z0-9_-]{22}/);
});

test('slot taken: the other slots bring back the form with what was typed', async () => {
	await env.page.goto(day);
	await env.page.locator('ul.slots a').nth(2).click();
	await fillForm('petar@example.bg', 'Петър Тодоров');
	await next();
	// Others take every seat of the slot meanwhile.
	const start = await env.page.locator('#confirm-form input[name=start]').getAttribute('value');
	const slots = await (await fetch(`${env.server.url}/api/v1/officials/kmet-triaditsa/slots?from=2026-12-07&to=2026-12-07`)).json();
	const slot = slots.find((s) => Date.parse(s.start) === Date.parse(start));
	for (let k = 0; k < slot.available; k++) {
		const res = await fetch(env.server.url + '/api/v1/bookings', {
			method: 'POST', headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ official: 'kmet-triaditsa', start, name: 'Зает Час', email: `taker${k}@example.bg`, topic: 'Друг въпрос' }),
		});
		assert.equal(res.status, 201);
	}
	await env.page.getByRole('button', { name: 'Потвърждавам записването' }).click();
	await env.page.locator('#notice').waitFor();
	assert.match(await env.page.locator('main').innerText(), /Каквото попълнихте, е запазено/);
	await env.page.locator('#slots-form button[name=start]').first().click();
	assert.equal(await h1(), 'Вашите данни');
	assert.equal(await env.page.getByLabel('Име и фамилия').inputValue(), 'Петър Тодоров');
	assert.equal(await env.page.getByLabel('Имейл').inputValue(), 'petar@example.bg');
});

test('full day: the waiting list, when booking opens next, and the office phone', async () => {
	const date = '2026-12-07';
	const slots = await (await fetch(`${env.server.url}/api/v1/officials/kmet-triaditsa/slots?from=${date}&to=${date}`)).json();
	for (const [i, slot] of slots.entries()) {
		for (let k = 0; k < slot.available; k++) {
			const res = await fetch(env.server.url + '/api/v1/bookings', {
				method: 'POST', headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ official: 'kmet-triaditsa', start: slot.start, name: 'Зает Час', email: `full${i}-${k}@example.bg`, topic: 'Друг въпрос' }),
			});
			assert.equal(res.status, 201);
		}
	}
	await env.page.goto(day);
	const main = await env.page.locator('main').innerText();
	assert.match(main, /В този ден няма свободни часове/);
	assert.ok(await env.page.getByRole('link', { name: /Запишете се в списъка с чакащи/ }).count() === 1, 'the waiting list is offered');
	assert.match(main, /се отваря за записване/);
	assert.ok(await env.page.locator('main a[href^="tel:"]').count() === 1, 'the office phone is offered');
});

test('paused citizen: told until when, and the contact centre', async () => {
	// Two citizens' walk-ins today, both missed: staff bookings count.
	await env.page.goto('/staff/login');
	await env.page.locator('#email').fill(assistant.email);
	await env.page.locator('#password').fill(assistant.password);
	await env.page.locator('main form button[type=submit]').click();
	await env.page.waitForURL(/\/staff\/$/);
	for (const name of ['Отсъстващ Първи', 'Отсъстващ Втори']) {
		await env.page.goto('/staff/officials/kmet-triaditsa/day');
		const form = env.page.locator('form[action$="/book"]');
		await form.locator('#name').fill(name);
		await form.locator('#email').fill('absent@example.bg');
		await form.locator('#topic').fill('Справка');
		await form.locator('#consent').check();
		await form.locator('button[type=submit]').click();
		await env.page.locator('table.sheet', { hasText: name }).waitFor();
	}
	const token = env.server.cli(['token', 'create', '--email', assistant.email]).trim().split(/\s+/).pop();
	const auth = { Authorization: 'Bearer ' + token };
	const sheet = await (await fetch(env.server.url + '/api/v1/staff/day?official=kmet-triaditsa&date=2026-11-30', { headers: auth })).json();
	const refs = sheet.bookings.filter((b) => b.email === 'absent@example.bg').map((b) => b.reference);
	assert.equal(refs.length, 2);
	env.server.setClock('2026-11-30T12:30:00+02:00');
	for (const ref of refs) {
		const res = await fetch(`${env.server.url}/api/v1/staff/bookings/${ref}/no-show`, { method: 'POST', headers: auth });
		assert.equal(res.status, 200, `no-show ${ref}`);
	}
	await env.browser.context.clearCookies();
	await env.page.goto('/officials/kmet-triaditsa/days/2026-12-14');
	await env.page.locator('ul.slots a').first().click();
	await fillForm('absent@example.bg', 'Отсъстващ Първи');
	await next();
	assert.match(await h1(), /^Онлайн записването Ви е спряно до /);
	assert.ok(await env.page.locator('main a[href^="tel:"]').count() >= 1, 'the contact centre is offered');
	// The switch keeps what was typed on this page too.
	await env.page.getByRole('button', { name: 'English' }).click();
	assert.match(await h1(), /^Online booking is paused for you until /);
});

test('nothing to move to: the move page says so for every coming day, keeps the booking and offers the waiting list and the office', async () => {
	await env.browser.context.clearCookies();
	const book = (start, email) => fetch(env.server.url + '/api/v1/bookings', {
		method: 'POST', headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ official: 'kmet-triaditsa', start, name: 'Зает Час', email, topic: 'Друг въпрос' }),
	});
	const slotsNow = async () => (await fetch(`${env.server.url}/api/v1/officials/kmet-triaditsa/slots`)).json();
	const first = (await slotsNow()).filter((s) => s.available > 0);
	assert.ok(first.length > 0, 'a free slot to book');
	// The citizen books through the form (its check confirms at once).
	await env.page.goto(`/officials/kmet-triaditsa/days/${first[0].start.slice(0, 10)}?lang=bg`);
	await env.page.locator('ul.slots a').first().click();
	await fillForm('moving@example.bg', 'Мила Петрова');
	await next();
	await env.page.getByRole('button', { name: 'Потвърждавам записването' }).click();
	await env.page.locator('.reference').waitFor();
	const manage = await env.page.locator('main a[href^="/bookings/"]').first().getAttribute('href');
	const token = manage.split('/')[2].replace(/\.ics$/, '');
	// Others take every other seat of every coming reception day.
	for (const [i, slot] of (await slotsNow()).entries()) {
		for (let k = 0; k < slot.available; k++) {
			const res = await book(slot.start, `taken${i}-${k}@example.bg`);
			assert.equal(res.status, 201);
		}
	}
	assert.equal((await slotsNow()).filter((s) => s.available > 0).length, 0, 'nothing free is left');
	await env.page.goto(`/bookings/${token}/move?lang=bg`);
	const main = await env.page.locator('main').innerText();
	assert.match(main, /В нито един от следващите приемни дни няма свободен час/);
	assert.match(main, /Запазете сегашния си час/);
	assert.match(main, /се отваря за записване/);
	assert.ok(await env.page.locator('main a[href="/officials/kmet-triaditsa/waitlist"]').count() >= 1, 'the waiting list is offered');
	assert.ok(await env.page.locator('main a[href^="tel:"], main a[href^="mailto:"]').count() >= 1, 'the office is offered');
});

test('day not open yet: an old link to the form says when booking opens, with the days open now, the waiting list and the office', async () => {
	await env.browser.context.clearCookies();
	// Booking for Monday 4 January opens three weeks ahead: 14 December, 9:00.
	await env.page.goto('/officials/kmet-triaditsa/book?start=' + encodeURIComponent('2027-01-04T09:00:00+02:00'));
	assert.equal(await h1(), 'Записването за този ден още не е отворено');
	const main = await env.page.locator('main').innerText();
	assert.match(main, /Записването за приемния ден в понеделник, 4 януари 2027 г\. се отваря в понеделник, 14 декември 2026 г\. в 09:00 ч\./);
	assert.equal(await env.page.getByLabel('Име и фамилия').count(), 0, 'no form to fill in vain');
	assert.ok(await env.page.locator('aside.contact a[href^="tel:"]').count() === 1, 'the office phone is offered');
	assert.ok(await env.page.getByRole('link', { name: /Запишете се в списъка с чакащи/ }).count() === 1, 'the waiting list is offered');
	await env.page.getByRole('link', { name: 'English' }).click();
	assert.equal(await h1(), 'Booking for this day is not open yet');
	assert.match(await env.page.locator('main').innerText(), /opens on Monday 14 December 2026 at 09:00\./);
	await env.page.getByRole('link', { name: 'See the days open for booking now' }).click();
	assert.equal(new URL(env.page.url()).pathname, '/officials/kmet-triaditsa');
});

test('no reception day: a link to a slot on a public holiday says why, with the next days with free times, the waiting list and the office', async () => {
	await env.browser.context.clearCookies();
	// Friday 25 December 2026 is Christmas Day; kmet-mladost receives on Fridays.
	await env.page.goto('/officials/kmet-mladost/book?start=' + encodeURIComponent('2026-12-25T10:00:00+02:00'));
	assert.equal(await h1(), 'В петък, 25 декември 2026 г. не се провежда приемен ден — денят е неработен');
	const main = await env.page.locator('main').innerText();
	assert.match(main, /Неработен ден: Коледа\./);
	assert.doesNotMatch(main, /зает/, 'not "slot taken"');
	assert.equal(await env.page.getByLabel('Име и фамилия').count(), 0, 'no form to fill in vain');
	assert.ok(await env.page.locator('main a[href^="/officials/kmet-mladost/days/"]').count() >= 1, 'the next days are offered');
	assert.ok(await env.page.locator('aside.contact a[href^="tel:"]').count() === 1, 'the office phone is offered');
	assert.ok(await env.page.getByRole('link', { name: /Запишете се в списъка с чакащи/ }).count() === 1, 'the waiting list is offered');
	await env.page.getByRole('link', { name: 'English' }).click();
	assert.equal(await h1(), 'There is no reception day on Friday 25 December 2026 — it is a public holiday');
	assert.match(await env.page.locator('main').innerText(), /Public holiday: Christmas Day\./);
	await env.page.locator('main a[href^="/officials/kmet-mladost/days/"]').first().click();
	assert.match(new URL(env.page.url()).pathname, /^\/officials\/kmet-mladost\/days\/2026-12-\d\d$/);
	assert.ok(await env.page.locator('ul.slots a').count() >= 1, 'the day offered has free times');
});

test('contest a no-show: from the letter\'s link, choose a reason, send, see it received; after the deadline, the contact centre and a complaint instead', async () => {
	await env.browser.context.clearCookies();
	const was = env.server.now;
	const links = await env.server.missedMeetings('kmet-mladost', ['contests@example.bg', 'toolate@example.bg']);
	await env.page.goto(links['contests@example.bg']);
	assert.equal(await h1(), 'Оспорване на неявяване');
	assert.match(await env.page.locator('main').innerText(), /Можете да оспорите неявяването до петък, 18 декември 2026 г\. включително\./);
	await env.page.getByRole('button', { name: 'Изпратете възражението' }).click();
	await env.page.locator('.error-summary a[href="#reason"]').waitFor();
	await env.page.getByLabel('Бях там, но не са ме отбелязали').check();
	await env.page.getByRole('button', { name: 'Изпратете възражението' }).click();
	await env.page.getByRole('status').filter({ hasText: 'Възражението е изпратено.' }).waitFor();
	assert.match(await env.page.locator('main').innerText(), /Вашето възражение: Бях там, но не са ме отбелязали/);
	assert.equal(await env.page.getByRole('button', { name: 'Изпратете възражението' }).count(), 0, 'contested once');

	// Friday 4 December + 14 days: from Saturday 19 December it is too late.
	env.server.setClock('2026-12-19T00:00:00+02:00');
	await env.page.goto(links['toolate@example.bg']);
	assert.equal(await h1(), 'Срокът за оспорване на неявяването изтече');
	const main = await env.page.locator('main').innerText();
	assert.match(main, /до 14 дни след срещата; за тази среща срокът беше до петък, 18 декември 2026 г\. включително/);
	assert.equal(await env.page.getByRole('button', { name: 'Изпратете възражението' }).count(), 0, 'no form after the deadline');
	assert.ok(await env.page.locator('main a[href^="tel:"]').count() >= 1, 'the contact centre is offered');
	await env.page.getByRole('link', { name: 'Подайте сигнал' }).click();
	assert.equal(await h1(), 'Сигнали и жалби');
	assert.match(await env.page.locator('main').innerText(), /Сигналът се отнася до записване/);
	env.server.setClock(was);
});
