import { describe, expect, it } from 'vitest';
import { aVendorWithClients, emailsTo, publishAddition } from '../support/notice-fixtures.js';
import { chromiumAvailable, withBrowserAndApi } from './chromium.js';

const setup = withBrowserAndApi();

describe.skipIf(!chromiumAvailable)('a client objects from the reminder, in a real browser', () => {
  it("opens the reminder's link, sees the same deadline, objects; the first e-mail's link then shows the decision", async () => {
    const api = setup.api();
    const browser = setup.browser();
    const vendor = await aVendorWithClients(api, 1, 15);
    const [client] = vendor.clients;
    if (client === undefined) throw new Error('fixture');
    const put = await publishAddition(api, vendor);

    // Ten days and an hour later the hourly reminder pass has sent the reminder (5 days before the deadline).
    const moved = await api.call('POST', '/_local/clock', { key: api.adminKey, body: { advanceHours: 10 * 24 + 1 } });
    expect(moved.status).toBe(200);
    await api.stack.settled();
    const emails = await emailsTo(api, client.email);
    const reminders = emails.filter((e) => e.subject.startsWith('Reminder: '));
    const [first] = emails.filter((e) => !e.subject.startsWith('Reminder: '));
    expect(reminders).toHaveLength(1);
    const [reminder] = reminders;
    if (reminder === undefined || first === undefined) throw new Error('e-mails');
    const deadline = /you may object until (.+)$/.exec(reminder.subject)?.[1] ?? '';

    // The reminder as a mail client shows it; no JavaScript, as the page must work without it.
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.setContent(reminder.body.html);
    expect(await page.locator('body').innerText()).toContain(`You may object until ${deadline}.`);
    await page.getByRole('link', { name: 'Review the changes and object or approve' }).click();
    await page.waitForURL(/\/objections\/[A-Za-z0-9_-]{43}$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Changes to your sub-processors');
    expect(await page.locator('body').innerText()).toContain(deadline);

    await page.getByLabel('Grounds').fill('Reminded, and we object');
    await page.getByRole('button', { name: 'Object' }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your objection is recorded');
    await api.stack.settled();

    const view = await api.call('GET', `/notices/${put.notice.id}`, { key: vendor.processor.apiKey });
    expect(view.body.contracts[0]).toMatchObject({
      decision: { decision: 'object', grounds: 'Reminded, and we object' },
      outcome: 'pending',
    });

    // The first e-mail's link leads to the same contract: it shows the decision, with no form left to press.
    await page.setContent(first.body.html);
    await page.getByRole('link', { name: 'Review the changes and object or approve' }).click();
    await page.waitForURL(/\/objections\/[A-Za-z0-9_-]{43}$/);
    expect(await page.getByRole('button', { name: 'Object' }).count()).toBe(0);
    expect(await page.locator('body').innerText()).toContain('Reminded, and we object');
    await context.close();
  }, 60_000);
});
