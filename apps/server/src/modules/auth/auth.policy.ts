/** Sign-in is public (rate limited); everything else needs a session. */
export const authPolicy = {
  login: 'public',
  loginSecondFactor: 'public',
  secondFactorStatus: 'authenticated',
  secondFactorSetup: 'authenticated',
  secondFactorConfirm: 'authenticated',
  secondFactorRemove: 'authenticated',
  listSessions: 'authenticated',
  revokeSession: 'authenticated',
  revokeOtherSessions: 'authenticated',
  logout: 'authenticated',
  me: 'authenticated',
  changePassword: 'authenticated',
} as const;
