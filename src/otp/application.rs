//! Applications: the environment `Application.get_env/3` reads (filled
//! from a project's config/config.exs), and starting an application as
//! OTP's application master does: `Mod.start(:normal, args)` in a process of
//! its own that watches the top supervisor, logging
//! `Application kv exited: shutdown` when it goes.
//!
//! ```elixir
//! # config/config.exs
//! import Config
//! config :kv, routing_table: [{?a..?m, :"foo@computer-name"}]
//!
//! Application.get_env(:kv, :routing_table)   #=> [{97..109, :"foo@computer-name"}]
//! ```

use crate::otp::logger::{log, Level};
use crate::otp::native::NativeModule;
use crate::runtime::Ctx;
use crate::term::exception::format_exit;
use crate::term::fun::CallFuture;
use crate::term::{atom, Atom, Exception, Term};
use parking_lot::Mutex;
use rustc_hash::FxHashMap;

/// Every application's environment, by application.
#[derive(Default)]
pub struct AppEnv {
    apps: Mutex<FxHashMap<Atom, Vec<(Term, Term)>>>,
    started: Mutex<Vec<Atom>>,
    /// The callback module and start argument of each application riex knows.
    modules: Mutex<FxHashMap<Atom, (Atom, Term)>>,
    /// The application master of each running application.
    masters: Mutex<FxHashMap<Atom, crate::term::Pid>>,
}

impl AppEnv {
    /// `Application.get_env(app, key)`.
    pub fn get(&self, app: Atom, key: &Term) -> Option<Term> {
        let apps = self.apps.lock();
        let env = apps.get(&app)?;
        env.iter()
            .find(|(k, _)| k.key_cmp(key).is_eq())
            .map(|(_, v)| v.clone())
    }

    /// `Application.put_env(app, key, value)`.
    pub fn put(&self, app: Atom, key: Term, value: Term) {
        let mut apps = self.apps.lock();
        let env = apps.entry(app).or_default();
        match env.iter_mut().find(|(k, _)| k.key_cmp(&key).is_eq()) {
            Some(slot) => slot.1 = value,
            None => env.push((key, value)),
        }
    }

    /// `config :app, key, value`: keyword values merge deeply into what is there.
    pub fn merge(&self, app: Atom, key: Term, value: Term) {
        let merged = match self.get(app, &key) {
            Some(old) => deep_merge(&old, &value),
            None => value,
        };
        self.put(app, key, merged);
    }

    /// `Application.get_all_env(app)`, sorted by key.
    pub fn all(&self, app: Atom) -> Term {
        let mut env = self.apps.lock().get(&app).cloned().unwrap_or_default();
        env.sort_by(|a, b| a.0.compare(&b.0));
        Term::list(env.into_iter().map(|(k, v)| Term::tuple([k, v])).collect())
    }

    /// Records `app` as started.
    pub fn mark_started(&self, app: Atom) {
        let mut started = self.started.lock();
        if !started.contains(&app) {
            started.push(app);
        }
    }
}

/// Keyword lists merge key by key, recursively; anything else is replaced.
fn deep_merge(old: &Term, new: &Term) -> Term {
    let (Some(old_items), Some(new_items)) = (keyword_items(old), keyword_items(new)) else {
        return new.clone();
    };
    let mut out = old_items;
    for (k, v) in new_items {
        match out.iter_mut().find(|(ok, _)| ok.key_cmp(&k).is_eq()) {
            Some(slot) => slot.1 = deep_merge(&slot.1, &v),
            None => out.push((k, v)),
        }
    }
    Term::list(out.into_iter().map(|(k, v)| Term::tuple([k, v])).collect())
}

fn keyword_items(t: &Term) -> Option<Vec<(Term, Term)>> {
    if !crate::term::build::is_keyword(t) || matches!(t, Term::Nil) {
        return None;
    }
    t.list_to_vec()?
        .iter()
        .map(|kv| match kv.as_tuple() {
            Some([k, v]) => Some((k.clone(), v.clone())),
            _ => None,
        })
        .collect()
}

fn env(cx: &Ctx) -> std::sync::Arc<AppEnv> {
    cx.node().extension::<AppEnv>()
}

fn app_arg(t: &Term) -> Result<Atom, Exception> {
    t.as_atom()
        .ok_or_else(|| Exception::argument_error("the application name must be an atom"))
}

fn get_env_fn<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move {
        let app = app_arg(&args[0])?;
        Ok(env(cx)
            .get(app, &args[1])
            .or_else(|| args.get(2).cloned())
            .unwrap_or_else(Term::nil))
    })
}

fn fetch_env_fn<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move {
        let app = app_arg(&args[0])?;
        Ok(match env(cx).get(app, &args[1]) {
            Some(v) => Term::tuple([Term::ok(), v]),
            None => Term::atom(atom::ERROR),
        })
    })
}

fn fetch_env_bang_fn<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move {
        let app = app_arg(&args[0])?;
        env(cx).get(app, &args[1]).ok_or_else(|| {
            let started = env(cx).started.lock().contains(&app);
            let why = if started {
                format!(
                    "is not set in the environment of application {}",
                    crate::term::inspect::inspect(&args[0])
                )
            } else {
                "because the application was not loaded nor configured".to_owned()
            };
            Exception::argument_error(&format!(
                "could not fetch application environment {} for application {} {why}",
                crate::term::inspect::inspect(&args[1]),
                crate::term::inspect::inspect(&args[0]),
            ))
        })
    })
}

fn put_env_fn<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move {
        let app = app_arg(&args[0])?;
        env(cx).put(app, args[1].clone(), args[2].clone());
        Ok(Term::ok())
    })
}

fn get_all_env_fn<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move { Ok(env(cx).all(app_arg(&args[0])?)) })
}

fn started_applications_fn<'a>(cx: &'a mut Ctx, _args: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move {
        let started = env(cx).started.lock().clone();
        Ok(Term::list(
            started
                .into_iter()
                .rev()
                .map(|a| {
                    Term::tuple([
                        Term::Atom(a),
                        crate::term::build::charlist(a.name()),
                        crate::term::build::charlist("0.1.0"),
                    ])
                })
                .collect(),
        ))
    })
}

/// `Application.stop(app)`: its master shuts the top supervisor down.
fn stop_fn<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move {
        let app = app_arg(&args[0])?;
        let master = env(cx).masters.lock().remove(&app);
        env(cx).started.lock().retain(|a| *a != app);
        let Some(master) = master else {
            return Ok(Term::tuple([
                Term::atom(atom::ERROR),
                Term::tuple([Term::atom_named("not_started"), Term::Atom(app)]),
            ]));
        };
        let reference = cx.monitor(master);
        cx.send(
            master,
            Term::tuple([Term::atom_named("riex_stop"), Term::Pid(cx.self_pid())]),
        );
        cx.receive(
            |m| match m.as_tuple() {
                Some([d, Term::Ref(r), ..]) if d.is_atom(atom::DOWN) && *r == reference => Some(()),
                _ => None,
            },
            None,
        )
        .await;
        Ok(Term::ok())
    })
}

/// `Application.start(app)`: starts an application riex loaded (a Mix
/// project's) again after `Application.stop/1`.
fn start_fn<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move {
        let app = app_arg(&args[0])?;
        if env(cx).started.lock().contains(&app) {
            return Ok(Term::tuple([
                Term::atom(atom::ERROR),
                Term::tuple([Term::atom_named("already_started"), Term::Atom(app)]),
            ]));
        }
        let known = env(cx).modules.lock().get(&app).cloned();
        let Some((module, arg)) = known else {
            return Ok(Term::tuple([
                Term::atom(atom::ERROR),
                Term::tuple([Term::atom_named("bad_application"), Term::Atom(app)]),
            ]));
        };
        Ok(match start(cx, app, module, arg).await {
            Ok(()) => Term::ok(),
            Err(why) => Term::tuple([Term::atom(atom::ERROR), Term::string(&why)]),
        })
    })
}

fn ensure_all_started_fn<'a>(_cx: &'a mut Ctx, _args: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move { Ok(Term::tuple([Term::ok(), Term::Nil])) })
}

/// The `Application` module.
pub fn module() -> NativeModule {
    NativeModule::new(Atom::module("Application"))
        .export("get_env", 2, get_env_fn)
        .export("get_env", 3, get_env_fn)
        .export("fetch_env", 2, fetch_env_fn)
        .export("fetch_env!", 2, fetch_env_bang_fn)
        .export("put_env", 3, put_env_fn)
        .export("put_env", 4, put_env_fn)
        .export("get_all_env", 1, get_all_env_fn)
        .export("started_applications", 0, started_applications_fn)
        .export("started_applications", 1, started_applications_fn)
        .export("ensure_all_started", 1, ensure_all_started_fn)
        .export("stop", 1, stop_fn)
        .export("start", 1, start_fn)
        .export("start", 2, start_fn)
        .export("ensure_all_started", 2, ensure_all_started_fn)
}

/// Starts `app` by calling `module.start(:normal, args)` in an application
/// master process; the text of OTP's error when it does not start.
pub async fn start(cx: &mut Ctx, app: Atom, module: Atom, args: Term) -> Result<(), String> {
    env(cx).modules.lock().insert(app, (module, args.clone()));
    let me = cx.self_pid();
    let master =
        cx.spawn(move |mut cx| async move { master(&mut cx, me, app, module, args).await });
    let reply = cx
        .receive(
            |m| match m.as_tuple() {
                Some([Term::Pid(p), r]) if *p == master => Some(r.clone()),
                _ => None,
            },
            None,
        )
        .await
        .unwrap_or_else(Term::nil);
    match reply.as_tuple() {
        Some([ok]) if ok.is_atom(atom::OK) => {
            cx.node().extension::<AppEnv>().mark_started(app);
            Ok(())
        }
        _ => Err(reply.as_str().unwrap_or_default().to_owned()),
    }
}

/// Waits until the top process exits (its reason) or `Application.stop/1`
/// asks the master to shut it down (`:stopped`).
async fn watch(cx: &mut Ctx, top: crate::term::Pid) -> Term {
    let event = cx
        .receive(
            |m| match m.as_tuple() {
                Some([tag, Term::Pid(p), why]) if tag.is_atom(atom::EXIT) && *p == top => {
                    Some(why.clone())
                }
                Some([tag, Term::Pid(_)])
                    if tag.as_atom().is_some_and(|a| a.name() == "riex_stop") =>
                {
                    Some(Term::atom_named("stopped"))
                }
                _ => None,
            },
            None,
        )
        .await
        .unwrap_or_else(Term::nil);
    if event.as_atom().is_some_and(|a| a.name() == "stopped") {
        cx.exit_signal(top, Term::atom(atom::SHUTDOWN));
        cx.receive(
            |m| match m.as_tuple() {
                Some([tag, Term::Pid(p), _]) if tag.is_atom(atom::EXIT) && *p == top => Some(()),
                _ => None,
            },
            None,
        )
        .await;
    }
    event
}

/// The application master: starts the application, then waits for its
/// top process to exit and logs it.
async fn master(
    cx: &mut Ctx,
    starter: crate::term::Pid,
    app: Atom,
    module: Atom,
    args: Term,
) -> Term {
    cx.trap_exit(true);
    let call = Term::tuple([
        Term::Atom(module),
        Term::atom_named("start"),
        Term::list(vec![Term::atom_named("normal"), args.clone()]),
    ]);
    let started = cx
        .apply(
            module,
            Atom::new("start"),
            vec![Term::atom_named("normal"), args],
        )
        .await;
    let failure = match started {
        Ok(r) => match r.as_tuple() {
            Some([ok, Term::Pid(pid)]) | Some([ok, Term::Pid(pid), _]) if ok.is_atom(atom::OK) => {
                cx.link(*pid);
                cx.node()
                    .extension::<AppEnv>()
                    .masters
                    .lock()
                    .insert(app, cx.self_pid());
                cx.send(
                    starter,
                    Term::tuple([Term::Pid(cx.self_pid()), Term::tuple([Term::ok()])]),
                );
                let reason = watch(cx, *pid).await;
                cx.node().extension::<AppEnv>().masters.lock().remove(&app);
                log(
                    cx.node(),
                    Level::Notice,
                    &format!(
                        "Application {} exited: {}",
                        app.name(),
                        format_exit(&reason)
                    ),
                );
                return Term::atom(atom::NORMAL);
            }
            Some([err, reason]) if err.is_atom(atom::ERROR) => format!(
                "{} returned an error: {}",
                crate::term::exception::format_mfa_args(&call).unwrap_or_default(),
                format_exit(reason)
            ),
            _ => format!(
                "{} returned a bad value: {}",
                crate::term::exception::format_mfa_args(&call).unwrap_or_default(),
                crate::term::inspect::inspect(&r)
            ),
        },
        Err(e) => {
            let mut stack = e.stack.list_to_vec().unwrap_or_default();
            stack.push(crate::otp::gen_server::report::frame(
                "application_master",
                "start_it_old",
                4,
                "application_master.erl",
                293,
            ));
            let reason = match e.kind {
                crate::term::Kind::Exit => e.reason.clone(),
                _ => Term::tuple([e.reason.clone(), Term::list(stack)]),
            };
            format_exit(&Term::tuple([reason, call]))
        }
    };
    log(
        cx.node(),
        Level::Notice,
        &format!("Application {} exited: {failure}", app.name()),
    );
    cx.send(
        starter,
        Term::tuple([Term::Pid(cx.self_pid()), Term::string(&failure)]),
    );
    Term::atom(atom::NORMAL)
}
