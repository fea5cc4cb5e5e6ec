// "Сигнали и жалби": a citizen files a complaint and gets its number and
// due date by letter; an administrator answers it from the register, and
// the answer reaches the citizen.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { admin, screenshot, useServerAndBrowser } from './lib/harness.js';

// Monday 30 November 2026, 07:00 in Sofia.
const env = useServerAndBrowser('2026-11-30T07:00:00+02:00');
const text = async () => (await env.page.locator('main').innerText()).replace(/\s+/g, ' ');

test('a complaint is filed, registered with a number and a due date, and answered', async () => {
	await env.page.goto('/');
	await env.page.getByRole('link', { name: 'Сигнали и жалби' }).click();
	await env.page.getByRole('heading', { level: 1, name: 'Сигнали и жалби' }).waitFor();
	await env.page.getByRole('button', { name: 'Изпращане на сигнала' }).click();
	await env.page.locator('.error-summary').waitFor();
	await env.page.getByLabel('Сигнал или жалба').fill('Чаках пред приемната 40 минути след часа си, без никой да обясни защо.');
	await env.page.getByLabel('Имейл').fill('stoyan@example.bg');
	await env.page.getByRole('button', { name: 'Изпращане на сигнала' }).click();
	await env.page.getByRole('heading', { level: 1, name: 'Сигналът е регистриран' }).waitFor();
	const number = (await env.page.locator('.reference').innerText()).trim();
	assert.equal(number, '2026-00001');
	assert.match(await text(), /Срок за писмен отговор: сряда, 30 декември 2026 г\./);
	await screenshot(env.page, 'complaint-filed-bg');
	const filed = await env.server.waitForMail((m) => m.to?.[0]?.address === 'stoyan@example.bg' && m.subject.includes(number), 'the registration letter');
	assert.match(filed.text, /30 декември 2026/);

	await env.page.goto('/staff/login');
	await env.page.getByLabel('Имейл').fill(admin.email);
	await env.page.getByLabel('Парола').fill(admin.password);
	await env.page.getByRole('button', { name: 'Вход' }).click();
	await env.page.waitForURL(/\/staff\/$/);
	await env.page.getByRole('link', { name: 'Регистър на сигналите' }).click();
	const row = env.page.locator('table.sheet tbody tr', { hasText: number });
	assert.match(await row.innerText(), /чака отговор/);
	await row.getByRole('link', { name: number }).click();
	await env.page.getByLabel('Отговор').fill('Извиняваме се за забавянето. От декември в приемната има втори служител.');
	await env.page.getByRole('button', { name: 'Изпращане на отговора' }).click();
	await env.page.getByRole('status').filter({ hasText: 'Отговорът е изпратен.' }).waitFor();
	assert.match(await text(), new RegExp(admin.name));
	await screenshot(env.page, 'staff-complaint-answered-bg');
	const answer = await env.server.waitForMail((m) => m.to?.[0]?.address === 'stoyan@example.bg' && /^Отговор на сигнал/.test(m.subject), 'the answer');
	assert.match(answer.text, /втори служител/);
	await env.page.getByRole('link', { name: 'Регистър на сигналите' }).click();
	assert.match(await env.page.locator('table.sheet tbody tr', { hasText: number }).innerText(), /отговорен/);
});
