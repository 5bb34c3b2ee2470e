import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A message as the server took it. */
export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
}

/**
 * A local SMTP server (smtp-server, from nodemailer's authors), as a mail
 * provider would be: it takes every message on loopback, parses it
 * (mailparser) and keeps it; while `refusing`, it answers 451 to each.
 */
export class MailServer {
  readonly received: ReceivedMail[] = [];
  refusing = false;
  private server: SMTPServer | null = null;

  /** Starts on a free loopback port; answers the `smtp://` URL to configure. */
  async start(): Promise<string> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            if (this.refusing) {
              callback(Object.assign(new Error('try again later'), { responseCode: 451 }));
              return;
            }
            this.received.push({
              from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
              to: session.envelope.rcptTo.map((r) => r.address),
              subject: mail.subject ?? '',
              text: mail.text ?? '',
            });
            callback();
          })
          .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    const { port } = server.server.address() as AddressInfo;
    return `smtp://127.0.0.1:${port}`;
  }

  /** The messages to `address`. */
  to(address: string): ReceivedMail[] {
    return this.received.filter((m) => m.to.includes(address.toLowerCase()) || m.to.includes(address));
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server === null) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
