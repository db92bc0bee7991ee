/** Sign-in is public (rate limited); everything else needs a session. */
export const authPolicy = {
  login: 'public',
  logout: 'authenticated',
  me: 'authenticated',
  changePassword: 'authenticated',
} as const;
