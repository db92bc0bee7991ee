/** Sign-in is public (rate limited); everything else needs a session. */
export const authPolicy = {
  login: 'public',
  loginSecondFactor: 'public',
  secondFactorStatus: 'authenticated',
  secondFactorSetup: 'authenticated',
  secondFactorConfirm: 'authenticated',
  secondFactorRemove: 'authenticated',
  logout: 'authenticated',
  me: 'authenticated',
  changePassword: 'authenticated',
} as const;
