export { notificationsRoutes } from './notifications.routes';
export { type InAppNotification, inAppSender, notifyUser, settleNotifications } from './notifications.service';
