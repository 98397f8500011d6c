export { Button, type ButtonProps } from './Button';
export { Card, type CardProps } from './Card';
export { Icon, type IconName } from './Icon';
export { Input, type InputProps } from './Input';
export { Modal, type ModalProps } from './Modal';
export { Screen, type ScreenProps } from './Screen';
export { EmptyState, ErrorState, LoadingState } from './States';
export { Text, type TextProps } from './Text';
