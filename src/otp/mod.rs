//! OTP behaviours on top of the runtime.
pub mod logger;
pub mod gen_server;
pub mod name;
#[cfg(test)]
pub(crate) mod test_util;
pub mod child_spec;
pub mod supervisor;
pub mod native;
pub mod agent;
pub mod dynamic_supervisor;
pub mod registry;
pub mod task;
pub mod boot;
#[cfg(test)]
mod tests;
