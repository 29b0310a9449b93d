//! Teaching tools: seeing what supervisors do.
//!
//! `tree` draws the supervision trees of the node as they run:
//!
//! ```text
//! iex> tree :all
//! KV.Supervisor · Supervisor · one_for_all (0 of 3 restarts in 5 s)
//! ├── KV.BucketSupervisor · DynamicSupervisor · supervisor · permanent · ...
//! └── KV.Registry · KV.Registry · worker · permanent · 0 restarts · up 4 s
//! ```

pub mod tree;
mod tree_command;

pub use tree_command::tree;
