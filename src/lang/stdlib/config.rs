//! `Config` and `Mix`: what a project's mix.exs and config/config.exs call.
//! `config :app, key: value` merges into the application environment that
//! `Application.get_env/3` reads; riex always runs in the `:dev` environment
//! on the `:host` target, as `iex -S mix` does by default.
//!
//! ```elixir
//! import Config
//! config :kv, :routing_table, [{?a..?z, node()}]
//! import_config "#{config_env()}.exs"
//! ```

use crate::otp::application::AppEnv;
use crate::otp::native::NativeModule;
use crate::runtime::Ctx;
use crate::term::fun::CallFuture;
use crate::term::{Atom, Exception, Term};
use parking_lot::Mutex;
use std::path::PathBuf;

/// The folder of the config file being read (`import_config` is relative to it).
#[derive(Default)]
pub struct ConfigDir(pub Mutex<Option<PathBuf>>);

fn config2<'a>(cx: &'a mut Ctx, a: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move {
        let app = app(&a[0])?;
        let Some(items) = a[1]
            .list_to_vec()
            .filter(|_| crate::term::build::is_keyword(&a[1]))
        else {
            return Err(Exception::argument_error(&format!(
                "expected a keyword list as the second argument of config/2, got: {}",
                crate::term::inspect::inspect(&a[1])
            )));
        };
        let env = cx.node().extension::<AppEnv>();
        for kv in items {
            if let Some([k, v]) = kv.as_tuple() {
                env.merge(app, k.clone(), v.clone());
                configure_logger(cx, app, k, v);
            }
        }
        Ok(Term::ok())
    })
}

fn config3<'a>(cx: &'a mut Ctx, a: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move {
        let app = app(&a[0])?;
        cx.node()
            .extension::<AppEnv>()
            .merge(app, a[1].clone(), a[2].clone());
        Ok(Term::ok())
    })
}

/// `config :logger, level: :info` sets the console's level, as at boot.
fn configure_logger(cx: &Ctx, app: Atom, key: &Term, value: &Term) {
    if app.name() == "logger" && key.as_atom().is_some_and(|k| k.name() == "level") {
        if let Some(level) = value
            .as_atom()
            .and_then(|l| crate::otp::logger::Level::from_name(l.name()))
        {
            crate::otp::logger::Console::of(cx.node()).set_level(level);
        }
    }
}

fn app(t: &Term) -> Result<Atom, Exception> {
    t.as_atom()
        .ok_or_else(|| Exception::argument_error("the application name must be an atom"))
}

fn import_config<'a>(cx: &'a mut Ctx, a: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move {
        let file = a[0].as_str().unwrap_or_default().to_owned();
        let dir = cx
            .node()
            .extension::<ConfigDir>()
            .0
            .lock()
            .clone()
            .unwrap_or_default();
        crate::lang::module::load::enter_file(cx)?;
        let r = crate::lang::module::load::compile_file(cx, &dir.join(file)).await;
        cx.leave();
        r.map(|_| Term::ok())
    })
}

fn config_env<'a>(_cx: &'a mut Ctx, _a: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move { Ok(Term::atom_named("dev")) })
}

fn config_target<'a>(_cx: &'a mut Ctx, _a: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move { Ok(Term::atom_named("host")) })
}

/// The `Config` module.
pub fn config_module() -> NativeModule {
    NativeModule::new(Atom::module("Config"))
        .export("config", 2, config2)
        .export("config", 3, config3)
        .export("import_config", 1, import_config)
        .export("config_env", 0, config_env)
        .export("config_target", 0, config_target)
}

/// The `Mix` module, as far as a project's code asks it.
pub fn mix_module() -> NativeModule {
    NativeModule::new(Atom::module("Mix"))
        .export("env", 0, config_env)
        .export("target", 0, config_target)
}
