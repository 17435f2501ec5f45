-- Run once by the official postgres image on an empty data directory
-- (mounted at /docker-entrypoint-initdb.d/ by docker-compose.yml), as the superuser, connected to
-- POSTGRES_DB (social_assistance). Mirrors deploy/db/setup.ts: the event store's schema and one
-- schema per service for its read models and inbox; the same for the test database.

CREATE SCHEMA IF NOT EXISTS eventstore;
CREATE SCHEMA IF NOT EXISTS intake;
CREATE SCHEMA IF NOT EXISTS verification;
CREATE SCHEMA IF NOT EXISTS eligibility;
CREATE SCHEMA IF NOT EXISTS disbursement;
CREATE SCHEMA IF NOT EXISTS follow_up;
CREATE SCHEMA IF NOT EXISTS audit;

-- Business time is Asia/Shanghai; timestamps are stored as timestamptz regardless.
ALTER DATABASE social_assistance SET timezone TO 'Asia/Shanghai';

-- Integration tests (TEST_DATABASE_URL) may run against this server too.
CREATE DATABASE social_assistance_test;
\connect social_assistance_test
CREATE SCHEMA IF NOT EXISTS eventstore;
CREATE SCHEMA IF NOT EXISTS intake;
CREATE SCHEMA IF NOT EXISTS verification;
CREATE SCHEMA IF NOT EXISTS eligibility;
CREATE SCHEMA IF NOT EXISTS disbursement;
CREATE SCHEMA IF NOT EXISTS follow_up;
CREATE SCHEMA IF NOT EXISTS audit;
ALTER DATABASE social_assistance_test SET timezone TO 'Asia/Shanghai';
