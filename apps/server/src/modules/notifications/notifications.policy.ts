/** Every signed-in account reads and marks its own notices (the service scopes to the actor). */
export const notificationPolicy = {
  own: 'authenticated',
} as const;
