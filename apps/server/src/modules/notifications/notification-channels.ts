/**
 * SMS and e-mail behind one interface (issue 5 §8). By default both are the log channel: the message is kept in the
 * outbox row (status `sent`) and written to the log, which is what a demo or test deployment wants. Setting
 * SMS_GATEWAY_URL / EMAIL_GATEWAY_URL sends an HTTP POST with a JSON body to the operator's gateway instead (most
 * government SMS platforms and mail relays offer such an HTTP entry point).
 */
import type { AppConfig } from '../../config/env.ts';

export interface OutgoingMessage {
  to: string;
  subject: string;
  text: string;
}

export interface NotificationChannel {
  readonly name: string;
  send(message: OutgoingMessage): Promise<void>;
}

export type NotificationChannels = Record<'sms' | 'email', NotificationChannel>;

/** Keeps the message in the outbox only (and in `sentMessages`, for inspection in tests). */
export function logChannel(name: string): NotificationChannel & { sentMessages: OutgoingMessage[] } {
  const sentMessages: OutgoingMessage[] = [];
  return {
    name,
    sentMessages,
    send: async (message) => {
      sentMessages.push(message);
    },
  };
}

/** POSTs `{to, subject, text}` as JSON; a non-2xx answer is a failure (retried from the outbox). */
export function httpGatewayChannel(name: string, url: string): NotificationChannel {
  return {
    name,
    send: async (message) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(message),
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) throw new Error(`${name} gateway answered ${response.status}`);
    },
  };
}

export function createChannels(config: Pick<AppConfig, 'smsGatewayUrl' | 'emailGatewayUrl'>): NotificationChannels {
  return {
    sms: config.smsGatewayUrl ? httpGatewayChannel('sms', config.smsGatewayUrl) : logChannel('sms'),
    email: config.emailGatewayUrl ? httpGatewayChannel('email', config.emailGatewayUrl) : logChannel('email'),
  };
}
