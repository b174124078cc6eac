export { notificationsRoutes } from './notifications.routes';
export { type InAppNotification, inAppSender, notifyUser } from './notifications.service';
