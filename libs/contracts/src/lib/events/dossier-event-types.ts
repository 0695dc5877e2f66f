/** Canonical dossier event types, version 1: the public contract one-stop vendors code against. */
export const DOSSIER_EVENT_TYPES = [
  'DossierReceived', // tiếp nhận
  'SupplementRequested', // yêu cầu bổ sung
  'SupplementReceived', // nhận bổ sung
  'PaymentRequested', // yêu cầu nộp phí, lệ phí
  'PaymentCompleted',
  'ProcessingPaused', // dừng / tạm dừng xử lý
  'ProcessingResumed',
  'DossierTransferred', // liên thông
  'DueDateChanged',
  'ApologyIssued', // phiếu xin lỗi và hẹn lại
  'DossierResolved', // đã xử lý xong
  'ResultReturned', // đã trả kết quả
  'DossierReturned', // trả lại hồ sơ (không giải quyết được)
  'DossierWithdrawn', // công dân rút hồ sơ
  'DossierRejected', // từ chối tiếp nhận: never counted
  'DossierDigitized', // số hoá
  'SatisfactionRated', // đánh giá mức độ hài lòng
] as const;

export type DossierEventType = (typeof DOSSIER_EVENT_TYPES)[number];

export const CHANNELS = ['online', 'direct', 'postal'] as const;
export type Channel = (typeof CHANNELS)[number];

export const SERVICE_LEVELS = ['full', 'partial'] as const;
export type ServiceLevel = (typeof SERVICE_LEVELS)[number];

export const DELIVERY_METHODS = ['desk', 'postal', 'electronic'] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];

export const CURRENT_SCHEMA_VERSION = 1;
