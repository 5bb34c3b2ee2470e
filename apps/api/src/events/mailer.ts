import { createTransport } from 'nodemailer';
import type { AppConfig } from '../config/config';

/** One e-mail to one person. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** Sends e-mail; rejects when the server refuses it or cannot be reached. */
export interface Mailer {
  send(mail: Mail): Promise<void>;
  close(): void;
}

/** Injection token for the {@link Mailer}: null when MAPFLOW_SMTP_URL is not set (no e-mail, nothing fails). */
export const MAILER = Symbol('MAILER');

/** The SMTP mailer of the configuration (nodemailer, its pooled transport), or null without MAPFLOW_SMTP_URL. */
export function smtpMailer(config: Pick<AppConfig, 'smtpUrl' | 'mailFrom'>): Mailer | null {
  if (config.smtpUrl === undefined) return null;
  const url = new URL(config.smtpUrl);
  const transport = createTransport({
    host: url.hostname,
    port: url.port === '' ? undefined : Number(url.port),
    secure: url.protocol === 'smtps:',
    auth:
      url.username === ''
        ? undefined
        : { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) },
    pool: true,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    send: async (mail) => {
      await transport.sendMail({ from: config.mailFrom, to: mail.to, subject: mail.subject, text: mail.text });
    },
    close: () => transport.close(),
  };
}
