//! The `tracing` side of Logger: a layer that formats events as Elixir's
//! console does and writes them to the node's console.
//!
//! Logger calls are events with target `elixir` and an `elixir_level` field
//! (tracing has no `notice`). Events of the runtime itself (targets
//! `riex::*`) pass only when `RIEX_LOG` enables them, e.g. `RIEX_LOG=debug`.

use super::{Console, Level};
use crate::runtime::Node;
use std::fmt::Write as _;
use std::sync::Arc;
use tracing::field::{Field, Visit};
use tracing::{Event, Subscriber};
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};

/// The target of Logger's events.
pub const ELIXIR: &str = "elixir";

/// Writes Logger events, and the runtime events `RIEX_LOG` asks for, to a console.
pub struct ConsoleLayer {
    console: Arc<Console>,
    runtime: Option<Targets>,
}

impl ConsoleLayer {
    /// A layer over `console`; `RIEX_LOG` (a `tracing` targets filter) picks runtime events.
    pub fn new(console: Arc<Console>) -> ConsoleLayer {
        let runtime = std::env::var("RIEX_LOG")
            .ok()
            .and_then(|f| f.parse::<Targets>().ok());
        ConsoleLayer { console, runtime }
    }

    /// A layer with an explicit filter for runtime events.
    pub fn with_runtime_filter(console: Arc<Console>, runtime: Option<Targets>) -> ConsoleLayer {
        ConsoleLayer { console, runtime }
    }
}

impl<S: Subscriber> Layer<S> for ConsoleLayer {
    // Decided once per call site, so a disabled runtime event costs nothing.
    fn register_callsite(
        &self,
        meta: &'static tracing::Metadata<'static>,
    ) -> tracing::subscriber::Interest {
        let on = meta.target() == ELIXIR
            || self
                .runtime
                .as_ref()
                .is_some_and(|t| t.would_enable(meta.target(), meta.level()));
        if on {
            tracing::subscriber::Interest::always()
        } else {
            tracing::subscriber::Interest::never()
        }
    }

    fn enabled(&self, meta: &tracing::Metadata<'_>, _cx: Context<'_, S>) -> bool {
        meta.target() == ELIXIR
            || self
                .runtime
                .as_ref()
                .is_some_and(|t| t.would_enable(meta.target(), meta.level()))
    }

    fn on_event(&self, event: &Event<'_>, _cx: Context<'_, S>) {
        let mut fields = Fields::default();
        event.record(&mut fields);
        let level = match fields.level.as_deref().and_then(Level::from_name) {
            Some(l) => l,
            None => runtime_level(event.metadata().level()),
        };
        self.console
            .write(&self.console.format(level, &fields.message));
    }
}

fn runtime_level(l: &tracing::Level) -> Level {
    match *l {
        tracing::Level::ERROR => Level::Error,
        tracing::Level::WARN => Level::Warning,
        tracing::Level::INFO => Level::Info,
        _ => Level::Debug,
    }
}

#[derive(Default)]
struct Fields {
    message: String,
    level: Option<String>,
}

impl Visit for Fields {
    fn record_str(&mut self, field: &Field, value: &str) {
        match field.name() {
            "elixir_level" => self.level = Some(value.to_owned()),
            "message" => self.message.push_str(value),
            _ => {}
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            let _ = write!(self.message, "{value:?}");
        }
    }
}

/// The node's dispatcher, made on first use.
#[derive(Default)]
struct NodeDispatch(parking_lot::Mutex<Option<tracing::Dispatch>>);

/// The `tracing` dispatcher that writes to `node`'s console.
pub fn dispatch(node: &Node) -> tracing::Dispatch {
    let slot = node.extension::<NodeDispatch>();
    let mut d = slot.0.lock();
    d.get_or_insert_with(|| {
        let subscriber = tracing_subscriber::registry().with(ConsoleLayer::new(Console::of(node)));
        tracing::Dispatch::new(subscriber)
    })
    .clone()
}

/// Makes `node`'s dispatcher the default of the calling thread (the node's
/// runtime thread), so the runtime's own events reach its console.
pub fn install_for_thread(node: &Node) {
    let guard = tracing::dispatcher::set_default(&dispatch(node));
    // The runtime thread ends with the node; the default lives as long.
    std::mem::forget(guard);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::{block_on, Mode, SpawnOpts};
    use crate::term::{atom, Term};
    use parking_lot::Mutex;

    #[test]
    fn runtime_events_appear_in_the_logger_format_when_the_filter_asks() {
        let text = block_on(Mode::Deterministic, |node| async move {
            let buf = Arc::new(Mutex::new(String::new()));
            let b = buf.clone();
            let console = Console::of(&node);
            console.set_sink(Arc::new(move |s: &str| b.lock().push_str(s)));
            console.set_timestamps(false);
            let layer = ConsoleLayer::with_runtime_filter(console, Some("debug".parse().unwrap()));
            let _guard = tracing::dispatcher::set_default(&tracing::Dispatch::new(
                tracing_subscriber::registry().with(layer),
            ));
            let pid = node.spawn(SpawnOpts::default(), |_| async { Term::atom(atom::NORMAL) });
            node.until_quiet().await;
            let out = buf.lock().clone();
            (pid, out)
        });
        assert!(
            text.1.contains(&format!("\n[debug] spawn {}\n", text.0)),
            "{}",
            text.1
        );
        assert!(
            text.1
                .contains(&format!("\n[debug] exit {} :normal\n", text.0)),
            "{}",
            text.1
        );
    }

    #[test]
    fn without_a_filter_only_logger_events_are_written() {
        let text = block_on(Mode::Deterministic, |node| async move {
            let buf = Arc::new(Mutex::new(String::new()));
            let b = buf.clone();
            let console = Console::of(&node);
            console.set_sink(Arc::new(move |s: &str| b.lock().push_str(s)));
            console.set_timestamps(false);
            install_for_thread(&node);
            node.spawn(SpawnOpts::default(), |_| async { Term::atom(atom::NORMAL) });
            node.until_quiet().await;
            super::super::log(&node, Level::Notice, "a notice");
            let out = buf.lock().clone();
            out
        });
        assert_eq!(text, "\n[notice] a notice\n");
    }
}
