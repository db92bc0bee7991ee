import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.ts';
import { regions } from './organisations.ts';

/**
 * 项目单位 (enterprises). The 统一社会信用代码 is unique and validated by GB 32100 + GB 11714 before it is stored.
 * Personal data (the contact's phone and ID number) is stored only encrypted with SM4 (lib/field-encryption.ts: a
 * `v1:` token = base64(iv ‖ ciphertext ‖ HMAC-SM3 tag)); `contact_phone_index` is a keyed HMAC-SM3 blind index so a
 * phone number can be looked up without decrypting every row.
 */
export const enterprises = pgTable(
  'enterprises',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    creditCode: text('credit_code').notNull(),
    name: text('name').notNull(),
    legalRepresentative: text('legal_representative').notNull(),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    address: text('address'),
    contactName: text('contact_name').notNull(),
    contactPhoneEncrypted: text('contact_phone_encrypted').notNull(),
    contactPhoneIndex: text('contact_phone_index').notNull(),
    contactIdNumberEncrypted: text('contact_id_number_encrypted').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('enterprises_credit_code_uq').on(t.creditCode),
    index('enterprises_contact_phone_index_idx').on(t.contactPhoneIndex),
    index('enterprises_region_idx').on(t.regionCode),
  ],
);

/**
 * 代办委托: an enterprise authorises an agent account to register and handle projects for it. Revoking sets revoked_at
 * (the row stays, so who acted for whom and when remains answerable); one live authorisation per pair.
 */
export const enterpriseAgents = pgTable(
  'enterprise_agents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    agentUserId: uuid('agent_user_id')
      .notNull()
      .references(() => users.id),
    authorisedBy: uuid('authorised_by')
      .notNull()
      .references(() => users.id),
    authorisedAt: timestamp('authorised_at', { withTimezone: true }).notNull(),
    revokedBy: uuid('revoked_by').references(() => users.id),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('enterprise_agents_live_uq')
      .on(t.enterpriseId, t.agentUserId)
      .where(sql`${t.revokedAt} IS NULL`),
    index('enterprise_agents_agent_idx').on(t.agentUserId),
  ],
);
