// The parts every browser test shares: a priemna server on loopback with a
// fresh database, demo data, a clock the test moves and a mail folder it
// reads; Debian's Chromium driven by playwright-core; axe-core.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
import PostalMime from 'postal-mime';
import { chromium } from 'playwright-core';
import { after, before } from 'node:test';

export const root = fileURLToPath(new URL('../..', import.meta.url));
// The test build (make build-e2e): only it reads PRIEMNA_CLOCK_FILE.
const bin = process.env.PRIEMNA_BIN || path.join(root, 'bin', 'priemna-e2e');
// Screenshots of every step go here (git ignores it); a few are copied to docs/.
export const shotsDir = path.join(root, 'e2e', 'screenshots');

export const admin = { email: 'admin@sofia.example.bg', name: 'Анна Маринова', password: 'дълга-тестова-парола-1' };
export const assistant = {
	email: 'asistent@triaditsa.example.bg', name: 'Борис Георгиев', password: 'друга-тестова-парола-2',
	official: 'kmet-triaditsa',
};

// startServer prepares a database with demo data and two staff members, then
// runs "priemna serve" on 127.0.0.1 with a free port. now is the server's
// time (RFC 3339) until setClock moves it.
export async function startServer(now) {
	const dir = mkdtempSync(path.join(tmpdir(), 'priemna-e2e-'));
	const db = path.join(dir, 'priemna.db');
	const mailDir = path.join(dir, 'mail');
	const clockFile = path.join(dir, 'now');
	writeFileSync(clockFile, now);
	const env = { ...process.env, PRIEMNA_CLOCK_FILE: clockFile };
	const cli = (args, input) => execFileSync(bin, [...args, '--db', db], { env, input, stdio: ['pipe', 'pipe', 'pipe'] });
	cli(['demo']);
	cli(['user', 'add', '--email', admin.email, '--name', admin.name, '--role', 'admin'], admin.password + '\n');
	cli(['user', 'add', '--email', assistant.email, '--name', assistant.name, '--role', 'assistant',
		'--official', assistant.official], assistant.password + '\n');

	// Many writes come from one address here; the per-address limit has its
	// own test in Go. The proof-of-work challenge is on, as a city would run it.
	const child = spawn(bin, ['serve', '--db', db, '--mail-dir', mailDir, '--addr', '127.0.0.1:0', '--write-rate', '1000',
		'--pow', '20000'],
		{ env, stdio: ['ignore', 'pipe', 'pipe'] });
	let log = '';
	child.stderr.on('data', (d) => { log += d; });
	const url = await new Promise((resolve, reject) => {
		let out = '';
		const timer = setTimeout(() => reject(new Error('server did not start:\n' + log)), 30_000);
		child.stdout.on('data', (d) => {
			out += d;
			const m = out.match(/listening on (\S+)/);
			if (m) { clearTimeout(timer); resolve(m[1]); }
		});
		child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited with ${code}:\n${log}`)); });
	});
	let clock = now;
	return {
		url,
		setClock(t) { clock = t; writeFileSync(clockFile, t); },
		// now is the server's time as last set (RFC 3339).
		get now() { return clock; },
		// cli runs a priemna subcommand on the server's database.
		cli: (args, input) => cli(args, input).toString(),
		// mails parses every message written so far, oldest first.
		async mails() {
			let names = [];
			try { names = readdirSync(mailDir).filter((n) => n.endsWith('.eml')); } catch { /* none yet */ }
			const files = names.map((n) => path.join(mailDir, n))
				.map((f) => ({ f, sent: statSync(f).mtimeMs })).sort((a, b) => a.sent - b.sent);
			return Promise.all(files.map(({ f }) => PostalMime.parse(readFileSync(f))));
		},
		// waitForMail polls the mail folder (the server's worker writes
		// asynchronously) until a message matches.
		async waitForMail(match, what) {
			for (let i = 0; i < 200; i++) {
				const found = (await this.mails()).find(match);
				if (found) return found;
				await new Promise((r) => setTimeout(r, 50));
			}
			assert.fail(`no mail arrived: ${what}`);
		},
		// missedMeetings gives the test citizens who missed a meeting, the
		// way it happens: each books a slot of the official's first coming
		// reception day through the API (proof of work solved), the clock
		// moves into that day after the last of them began, and an
		// administrator marks each a no-show through the staff API. It
		// returns, per email, the contest link of the letter about it; the
		// clock stays in that day.
		async missedMeetings(official, emails) {
			const slots = (await (await fetch(`${url}/api/v1/officials/${official}/slots`)).json()).filter((sl) => sl.available > 0);
			const day = slots[0].start.slice(0, 10);
			const free = slots.filter((sl) => sl.start.startsWith(day)).flatMap((sl) => Array(sl.available).fill(sl.start));
			assert.ok(free.length >= emails.length, `${emails.length} free seats on ${day}`);
			const refs = [];
			for (const [i, email] of emails.entries()) {
				const res = await fetch(url + '/api/v1/bookings', {
					method: 'POST', headers: { 'Content-Type': 'application/json' },
					body: JSON.stringify({ official, start: free[i], name: 'Пропуснал Срещата', email, topic: 'Справка', consent: true,
						altcha: await solveChallenge(url) }),
				});
				const body = await res.json();
				assert.equal(res.status, 201, JSON.stringify(body));
				refs.push(body.reference);
			}
			const last = new Date(Date.parse(free[emails.length - 1]) + 60_000);
			this.setClock(last.toISOString());
			const token = this.cli(['token', 'create', '--email', admin.email]).trim().split(/\s+/).pop();
			for (const ref of refs) {
				const res = await fetch(`${url}/api/v1/staff/bookings/${ref}/no-show`, { method: 'POST', headers: { Authorization: 'Bearer ' + token } });
				assert.equal(res.status, 200, `no-show ${ref}`);
			}
			const links = {};
			for (const email of emails) {
				const mail = await this.waitForMail((m) => m.to?.[0]?.address === email && /\/contest\b/.test(m.text), `no-show letter to ${email}`);
				links[email] = mail.text.match(/https?:\/\/\S+\/bookings\/[A-Za-z0-9_-]{22}\/contest/)[0];
			}
			return links;
		},
		async stop() {
			if (child.exitCode === null) {
				const exited = new Promise((r) => child.on('exit', r));
				child.kill('SIGTERM');
				await exited;
			}
			rmSync(dir, { recursive: true, force: true });
		},
	};
}

// useServerAndBrowser gives a test file its own server, started at now,
// and browser; env.server, env.browser and env.page are set once the file's
// tests begin.
export function useServerAndBrowser(now) {
	const env = {};
	before(async () => {
		env.server = await startServer(now);
		env.browser = await launch({ baseURL: env.server.url });
		env.page = env.browser.page;
	});
	after(async () => {
		await env.browser?.close();
		await env.server?.stop();
	});
	return env;
}

export const chromiumFlags = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
	'--disable-background-networking', '--disable-component-update', '--disable-sync'];

// launch starts Debian's Chromium with a fresh user data directory. Playwright
// never downloads a browser here.
export async function launch({ javaScript = true, baseURL } = {}) {
	const profile = mkdtempSync(path.join(tmpdir(), 'priemna-chromium-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
		headless: true,
		args: chromiumFlags,
		acceptDownloads: true,
		javaScriptEnabled: javaScript,
		baseURL,
		viewport: { width: 1280, height: 900 },
		locale: 'bg-BG',
		timezoneId: 'Europe/Sofia',
	});
	context.setDefaultTimeout(10_000);
	const page = context.pages()[0] ?? await context.newPage();
	return {
		context, page,
		async close() {
			await context.close();
			rmSync(profile, { recursive: true, force: true });
		},
	};
}

// screenshot saves the whole page to e2e/screenshots/; with docs, and when
// PRIEMNA_DOCS_SCREENSHOTS is set, also to docs/screenshots/, where the
// README shows it (a test run leaves the tracked files alone otherwise).
export async function screenshot(page, name, { docs = false } = {}) {
	mkdirSync(shotsDir, { recursive: true });
	const file = path.join(shotsDir, name + '.png');
	await page.screenshot({ path: file, fullPage: true });
	if (docs && process.env.PRIEMNA_DOCS_SCREENSHOTS) copyFileSync(file, path.join(root, 'docs', 'screenshots', name + '.png'));
}

// audit runs axe-core's WCAG 2.0, 2.1 and 2.2 A and AA rules on the page as it is and
// returns the violations, one line each.
export async function audit(page) {
	// Evaluated through the DevTools protocol, so the site's CSP (no inline
	// script) need not be loosened for the checker.
	if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
		await page.evaluate(axe.source);
	}
	const result = await page.evaluate(() => window.axe.run(document, {
		runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'] },
		resultTypes: ['violations'],
	}));
	return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary.split('\n').slice(1).join(' ').trim()}`));
}

// tabTo presses key (Tab or Shift+Tab) until the focused element is the
// target — the way a keyboard user reaches a control — and fails after limit
// presses. target is {text: prefix of its text}, {id} or {within: a selector}.
export async function tabTo(page, target, { key = 'Tab', limit = 60 } = {}) {
	for (let i = 0; i < limit; i++) {
		await page.keyboard.press(key);
		const reached = await page.evaluate(({ text, id, within }) => {
			const el = document.activeElement;
			if (!el || el === document.body) return false;
			if (text !== undefined) return el.textContent.trim().startsWith(text);
			if (id !== undefined) return el.id === id;
			return el.closest(within) !== null;
		}, target);
		if (reached) return;
	}
	assert.fail(`${limit} × ${key} never reached ${JSON.stringify(target)}`);
}

// focusLandsOn waits until the element matching selector has the focus and
// fails, saying where the focus is, if it never gets it. After a page load
// the browser applies autofocus, and scripts move focus, a moment after the
// page is visible, so asking at once races them.
export async function focusLandsOn(page, selector, message) {
	try {
		await page.waitForFunction((sel) => document.activeElement?.matches(sel) === true, selector, { timeout: 5000 });
	} catch {
		const at = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120));
		assert.fail(`${message}: the focus is on ${at}`);
	}
}

// focusIsVisible tells whether the focused element draws a focus indicator.
export async function focusIsVisible(page) {
	return page.evaluate(() => {
		const el = document.activeElement;
		if (!el || el === document.body) return false;
		const s = getComputedStyle(el);
		return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none';
	});
}

// icsLines turns an iCalendar text into its logical lines (RFC 5545 3.1).
// Mail transport may turn CRLF into LF, so both are read.
export function icsLines(text) {
	return text.replace(/\r?\n[ \t]/g, '').split(/\r?\n/).filter(Boolean);
}

// solveChallenge fetches the API's proof-of-work challenge and solves it,
// as a well-behaved API client does before booking.
export async function solveChallenge(url) {
	const ch = await (await fetch(url + '/api/v1/challenge')).json();
	for (let n = 0; n <= ch.maxNumber; n++) {
		if (createHash('sha256').update(ch.salt + n).digest('hex') === ch.challenge) {
			const { algorithm, challenge, salt, signature } = ch;
			return Buffer.from(JSON.stringify({ algorithm, challenge, number: n, salt, signature })).toString('base64');
		}
	}
	throw new Error('challenge without a solution');
}
