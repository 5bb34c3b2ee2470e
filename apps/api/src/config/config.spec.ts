import { ConfigError, loadConfig } from './config';

describe('configuration of e-mail', () => {
  it('sends no e-mail unless MAPFLOW_SMTP_URL is set; the sender defaults to the public host', () => {
    const config = loadConfig({ MAPFLOW_PUBLIC_URL: 'https://mapflow.acme.example/' });
    expect(config.smtpUrl).toBeUndefined();
    expect(config.mailFrom).toBe('mapflow <mapflow@mapflow.acme.example>');
    expect(config.notifyIntervalSeconds).toBe(60);
  });

  it('takes an smtp:// or smtps:// URL with its credentials', () => {
    for (const url of ['smtp://127.0.0.1:2525', 'smtps://user:p%40ss@smtp.example.com:465'])
      expect(loadConfig({ MAPFLOW_SMTP_URL: url }).smtpUrl).toBe(url);
  });

  it.each([
    ['MAPFLOW_SMTP_URL', 'http://smtp.example.com'],
    ['MAPFLOW_SMTP_URL', 'smtp://smtp.example.com/path'],
    ['MAPFLOW_MAIL_FROM', 'not an address'],
    ['MAPFLOW_MAIL_FROM', 'mapflow <a@b>\r\nBcc: x@y'],
    ['MAPFLOW_NOTIFY_INTERVAL_SECONDS', '0'],
  ])('refuses %s=%j with one line naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });
});
