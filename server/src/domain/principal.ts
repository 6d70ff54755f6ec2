/** Who a request acts for, however it proved it. */
export interface Principal {
  userId: string;
  name: string;
  isAdmin: boolean;
  via: 'local' | 'session' | 'api_token' | 'access_token';
}

export const LOCAL_PRINCIPAL: Principal = { userId: 'local', name: 'Local user', isAdmin: true, via: 'local' };
