export type { Manifest, ManifestFile, ManifestReference } from './manifest.js';
export { createManifest, type CreateManifestOptions } from './create-manifest.js';
export { describeFile, describeHashedFile, type DescribeFileOptions } from './describe-file.js';
export { readManifest, writeManifest, validateManifest } from './read-manifest.js';
export { verifyManifest, type FileVerification, type FileVerificationStatus, type ManifestVerification, type VerifyManifestOptions } from './verify-manifest.js';
