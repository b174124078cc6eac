import { describe, expect, it } from 'vitest';
import { demoAccounts } from './demo/demo-data';
import { developmentBanner } from './startup-banner';

describe('the development banner', () => {
  const base = { url: 'http://127.0.0.1:3000', accounts: demoAccounts, sqliteDataDir: '/srv/taxline/data' };

  it('names the URL, every demo account, where the password is and how to reset the demo data', () => {
    const text = developmentBanner({ ...base, password: { source: 'environment' } }).join('\n');
    expect(text).toContain('running at http://127.0.0.1:3000');
    for (const account of demoAccounts)
      expect(text).toMatch(new RegExp(`^ +${account.username} +${account.name}`, 'm'));
    expect(text).toContain('the value of TAXLINE_DEMO_PASSWORD');
    expect(text).toContain('delete /srv/taxline/data, run npm start again');
  });

  it('shows a password generated at this start, and never one it was not given', () => {
    const generated = developmentBanner({ ...base, password: { source: 'generated', value: 'Zq7-generated' } });
    expect(generated.join('\n')).toContain('Zq7-generated');
    const later = developmentBanner({ ...base, password: { source: 'earlier' }, sqliteDataDir: undefined }).join('\n');
    expect(later).toContain('printed when the demo data was created');
    expect(later).toContain('drop and re-create the database of DATABASE_URL');
  });
});
