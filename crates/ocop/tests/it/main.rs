//! The platform's integration tests, in one binary (one link on 2 cores).
//!
//! Every test that touches storage runs on SQLite by default and on
//! PostgreSQL when `OCOP_TEST_DATABASE_URL=postgres://…` is set; `.ci/run`
//! runs the whole suite both ways. An unreachable PostgreSQL fails the run.

// Every function here is test code (helpers and fixtures included): a panic
// is how a test fails.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod access;
mod after;
mod browser;
mod caching;
mod certification;
mod cli;
mod council;
mod criteria;
mod cycle;
mod documents;
mod english;
mod faults;
mod fixtures;
mod front_desk;
mod hardening;
mod harness;
mod history;
mod journey;
mod map;
mod midnight;
mod national;
mod notify;
mod outside;
mod phone;
mod portal;
mod registry;
mod restart;
mod scope;
mod seed;
mod signatures;
mod snapshots_api;
mod store;
mod trace;
mod vault;
mod web;
mod worklist;
