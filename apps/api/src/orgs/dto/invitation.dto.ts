import { IsEmail, MaxLength } from 'class-validator';

export class CreateInvitationDto {
  /**
   * The person's e-mail: they sign in with it.
   * @example "cto@acme.example"
   */
  @IsEmail({}, { message: 'email must be an e-mail address such as name@example.com' })
  @MaxLength(320)
  email!: string;
}

export class InvitationDto {
  /** @example "6b1d2c3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e" */
  id!: string;
  /** @example "5f0c6a52-8a3e-4c1b-9f57-3a6a2f7d1e10" */
  orgId!: string;
  /** @example "cto@acme.example" */
  email!: string;
  /**
   * The link the person opens to set a password: single use, valid 72 hours, shown this once
   * (only its SHA-256 is stored). It starts with MAPFLOW_PUBLIC_URL.
   * @example "http://localhost:3000/app/invitations/q2S0h1kVb7k3WmU1oT0s4xYl9c8rA6eN2dF5gH3jK4M"
   */
  link!: string;
  /** @example "2026-12-08T09:00:00.000Z" */
  expiresAt!: string;
}
