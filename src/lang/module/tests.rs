//! Unit tests of user modules: definition, expansion, quoting, structs,
//! protocols and loading.

use crate::lang::eval::{check, eval_input, Env, Scope};
use crate::lang::module::{protocol, UserModule};
use crate::otp::logger::Console;
use crate::runtime::{block_on, Ctx, Mode};
use crate::term::inspect::{inspect_opts, with_overrides, Opts};
use crate::term::{Atom, Exception, Kind};
use parking_lot::Mutex;
use std::sync::Arc;

/// What iex prints for one input: the console text it caused (compiler
/// warnings, `IO.puts`) and then the value or the error banner.
struct Printed {
    console: String,
    result: String,
}

/// Evaluates each input in turn in one shell-like process, keeping
/// bindings, directives and the modules defined, as iex does.
fn run(inputs: &[&str]) -> Vec<Printed> {
    let inputs: Vec<String> = inputs.iter().map(|s| s.to_string()).collect();
    block_on(Mode::Deterministic, move |node| async move {
        crate::otp::boot::boot(&node);
        crate::lang::stdlib::load(&node);
        let buf = Arc::new(Mutex::new(String::new()));
        let sink = buf.clone();
        let console = Console::of(&node);
        console.set_sink(Arc::new(move |s: &str| sink.lock().push_str(s)));
        console.set_timestamps(false);
        // As in a session: compiler warnings in the output, in order.
        console.warnings_in_output();
        node.run(move |mut cx| async move {
            let scope = Scope::new("iex", None);
            let mut env = Env::new();
            // The prompt's counter: the line numbers of errors and frames.
            let mut counter = 1;
            let mut out = vec![];
            for src in &inputs {
                let result = eval_one(&mut cx, &scope, &mut env, src, &mut counter).await;
                let console = std::mem::take(&mut *buf.lock());
                out.push(Printed { console, result });
            }
            out
        })
        .await
    })
}

/// One input at prompt `counter`, checked and evaluated as the shell does;
/// the counter goes up when it succeeds.
async fn eval_one(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    env: &mut Env,
    src: &str,
    counter: &mut u32,
) -> String {
    let ast = match crate::lang::parser::parse(src, *counter) {
        Ok(ast) => ast,
        Err(e) => return format!("parse error: {e:?}"),
    };
    let node = cx.node().clone();
    let imports = scope.imports.lock().clone();
    let known = |name: &str, arity: usize| {
        let fun = Atom::new(name);
        let exports = |m: Atom| {
            node.module(m).is_some_and(|m| {
                m.exports_fun(fun, arity)
                    || m.as_any()
                        .and_then(|a| a.downcast_ref::<UserModule>())
                        .is_some_and(|u| u.has_macro(fun, arity, false))
            })
        };
        exports(Atom::module("Kernel"))
            || imports
                .iter()
                .any(|i| i.admits(fun, arity) && exports(i.module))
    };
    let checked = check(&ast, scope, env, &known);
    for w in &checked.warnings {
        Console::of(&node).warn(w);
    }
    if let Some(e) = checked.error {
        return e.banner();
    }
    let mark = env.mark();
    match eval_input(cx, scope, env, &ast).await {
        Ok(v) => {
            *counter += 1;
            // Inspect implementations written in Elixir, as the shell uses them.
            let texts = protocol::inspect_overrides(cx, &v).await;
            with_overrides(texts, || inspect_opts(&v, &Opts::iex()))
        }
        Err(e) => {
            env.restore(mark);
            banner(cx, &e).await
        }
    }
}

/// The first lines iex prints for an exception escaping an input: the
/// message Elixir computes for it (a user exception's own `message/1`, the
/// blame of a FunctionClauseError, ...), without the stacktrace.
async fn banner(cx: &mut Ctx, e: &Exception) -> String {
    if e.kind != Kind::Error {
        return e.banner();
    }
    let (reason, _) = crate::lang::stdlib::errors::blame(&e.reason, &e.stack);
    let Some(name) = reason.struct_name() else {
        return e.banner();
    };
    let mut message = None;
    if crate::lang::module::user_module(cx, name).is_some() {
        let m = cx
            .apply(
                Atom::module("Exception"),
                Atom::new("message"),
                vec![reason.clone()],
            )
            .await;
        message = m.ok().and_then(|t| t.as_str().map(str::to_owned));
    }
    match message.or_else(|| crate::lang::stdlib::errors::message(&reason)) {
        Some(m) => format!("** ({}) {m}", name.module_display()),
        None => e.banner(),
    }
}

/// The value (or error banner) of each input.
fn session(inputs: &[&str]) -> Vec<String> {
    run(inputs).into_iter().map(|p| p.result).collect()
}

/// The value (or error banner) of the last input.
fn last(inputs: &[&str]) -> String {
    session(inputs).pop().unwrap()
}

/// Everything the inputs wrote to the console (compiler warnings).
fn console(inputs: &[&str]) -> String {
    run(inputs).into_iter().map(|p| p.console).collect()
}

/// `s` on one line, as a wide terminal would show it.
fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}

// ---------------------------------------------------------------------------
// def, defp, clauses, guards, defaults

const GUARDS: &str = "defmodule Guards do
  def kind(x) when is_integer(x) and x < 0, do: :negative
  def kind(0), do: :zero
  def kind(x) when is_integer(x), do: :positive
  def kind(x) when is_binary(x) or is_atom(x), do: :word
end";

#[test]
fn clauses_are_tried_in_order_and_guards_select_among_them() {
    assert_eq!(
        last(&[GUARDS, "Enum.map([-3, 0, 7, \"s\", :a], &Guards.kind/1)"]),
        "[:negative, :zero, :positive, :word, :word]"
    );
}

#[test]
fn the_module_value_names_the_module_and_its_last_definition() {
    // The binary is riex's own stand-in for BEAM code, but it starts as one.
    let out = flat(&last(&[GUARDS]));
    assert!(
        out.starts_with("{:module, Guards, <<70, 79, 82, 49, "),
        "{out}"
    );
    assert!(out.ends_with(">>, {:kind, 1}}"), "{out}");
}

#[test]
fn a_call_no_clause_matches_raises_function_clause_error_with_the_arguments() {
    let shape = "defmodule Shape do
  def area({:square, s}), do: s * s
  def area({:rect, w, h}), do: w * h
end";
    let out = session(&[
        shape,
        "Shape.area({:circle, 1})",
        "try do Shape.area(:x) rescue e in FunctionClauseError -> {e.module, e.function, e.arity} end",
    ]);
    assert_eq!(
        first_line(&out[1]).trim_end(),
        "** (FunctionClauseError) no function clause matching in Shape.area/1"
    );
    assert!(
        out[1].contains("The following arguments were given to Shape.area/1:"),
        "{}",
        out[1]
    );
    assert!(
        out[1].contains("# 1\n") && out[1].contains("{:circle, 1}"),
        "{}",
        out[1]
    );
    assert_eq!(out[2], "{Shape, :area, 1}");
    // 1.5 passes neither is_integer/1 nor is_binary/1 / is_atom/1.
    assert_eq!(
        first_line(&last(&[GUARDS, "Guards.kind(1.5)"])),
        "** (FunctionClauseError) no function clause matching in Guards.kind/1"
    );
}

#[test]
fn default_arguments_define_one_function_per_arity() {
    let out = session(&[
        "defmodule Defaults do
  def join(a, b \\\\ \"-\", c \\\\ \"!\"), do: a <> b <> c
end",
        "{Defaults.join(\"x\"), Defaults.join(\"x\", \"+\"), Defaults.join(\"x\", \"+\", \"?\")}",
        "Defaults.__info__(:functions)",
    ]);
    assert_eq!(out[1], "{\"x-!\", \"x+!\", \"x+?\"}");
    assert_eq!(out[2], "[join: 1, join: 2, join: 3]");
}

#[test]
fn private_functions_serve_their_module_but_are_undefined_from_outside() {
    let out = session(&[
        "defmodule Sec do
  def pub, do: helper() + 1
  defp helper, do: 41
end",
        "Sec.pub()",
        "Sec.__info__(:functions)",
        "Sec.helper()",
        "Sec.nope(1)",
    ]);
    assert_eq!(out[1], "42");
    assert_eq!(out[2], "[pub: 0]");
    assert_eq!(
        out[3],
        "** (UndefinedFunctionError) function Sec.helper/0 is undefined or private"
    );
    assert_eq!(
        out[4],
        "** (UndefinedFunctionError) function Sec.nope/1 is undefined or private"
    );
}

#[test]
fn an_unused_private_function_is_warned_about() {
    let text = console(&["defmodule Lonely do
  def pub, do: :ok

  defp secret, do: 1
end"]);
    assert_eq!(text, "warning: function secret/0 is unused\n  iex:4\n\n");
}

#[test]
fn an_unused_variable_in_a_function_body_is_warned_about() {
    let text = console(&["defmodule W do
  def f(x) do
    y = 1
    x
  end
end"]);
    assert_eq!(
        text,
        "warning: variable \"y\" is unused (if the variable is not meant to be used, prefix it with an underscore)\n  iex:3: W.f/1\n\n"
    );
}

// ---------------------------------------------------------------------------
// attributes, __MODULE__, nesting, alias, import

#[test]
fn each_def_sees_the_attribute_value_set_before_it() {
    let out = session(&[
        "defmodule Attr do
  @greeting \"hi\"
  def greet(name), do: \"#{@greeting} #{name}\"
  @greeting \"bye\"
  def leave(name), do: \"#{@greeting} #{name}\"
  @list [1, 2]
  def sum, do: Enum.sum(@list)
end",
        "{Attr.greet(\"a\"), Attr.leave(\"b\"), Attr.sum()}",
    ]);
    assert_eq!(out[1], "{\"hi a\", \"bye b\", 3}");
}

const OUTER: &str = "defmodule Outer do
  def name, do: __MODULE__
  defmodule Inner do
    def hi, do: {:inner, __MODULE__}
  end
  def via_alias, do: Inner.hi()
end";

#[test]
fn module_names_itself_and_a_nested_module_is_aliased_only_inside_its_parent() {
    let out = session(&[
        OUTER,
        "{Outer.name(), Outer.via_alias(), Outer.Inner.hi()}",
        "Inner.hi()",
    ]);
    assert_eq!(
        out[1],
        "{Outer, {:inner, Outer.Inner}, {:inner, Outer.Inner}}"
    );
    assert_eq!(
        out[2],
        "** (UndefinedFunctionError) function Inner.hi/0 is undefined (module Inner is not available)"
    );
}

#[test]
fn alias_as_gives_a_module_another_name() {
    let out = session(&[OUTER, "alias Outer.Inner, as: I", "I.hi()"]);
    assert_eq!(out[1], "Outer.Inner");
    assert_eq!(out[2], "{:inner, Outer.Inner}");
}

const BC: [&str; 2] = [
    "defmodule B.C do def c, do: :c end",
    "defmodule B.D do def d, do: :d end",
];

#[test]
fn alias_with_braces_aliases_each_module() {
    let out = session(&[BC[0], BC[1], "alias B.{C, D}", "{C.c(), D.d()}"]);
    assert_eq!(out[3], "{:c, :d}");
}

#[test]
fn alias_with_braces_evaluates_to_the_list_of_modules() {
    assert_eq!(last(&[BC[0], BC[1], "alias B.{C, D}"]), "[B.C, B.D]");
}

const MATHS: &str = "defmodule Maths do
  def double(x), do: x * 2
  def triple(x), do: x * 3
end";

#[test]
fn import_only_brings_in_just_the_listed_functions() {
    let out = session(&[
        MATHS,
        "import Maths, only: [double: 1]",
        "double(4)",
        "triple(4)",
        "defmodule UsesImport do
  import Maths, only: [triple: 1]
  def nine, do: triple(3)
end",
        "UsesImport.nine()",
    ]);
    assert_eq!(out[1], "Maths");
    assert_eq!(out[2], "8");
    assert_eq!(
        out[3],
        "** (CompileError) iex:4: undefined function triple/1 (there is no such import)"
    );
    assert_eq!(out[5], "9");
}

#[test]
fn import_only_of_a_stdlib_module_hides_its_other_functions() {
    let out = session(&[
        "import List, only: [first: 1]",
        "first([1, 2])",
        "last([1, 2])",
    ]);
    assert_eq!(out[1], "1");
    assert_eq!(
        out[2],
        "** (CompileError) iex:3: undefined function last/1 (there is no such import)"
    );
}

// ---------------------------------------------------------------------------
// redefinition and compile errors

#[test]
fn redefining_a_module_warns_and_the_new_version_replaces_the_old() {
    let printed = run(&[
        "defmodule Twice do def v, do: 1 end",
        "defmodule Twice do def v, do: 2 end",
        "Twice.v()",
    ]);
    assert_eq!(printed[0].console, "");
    assert_eq!(
        printed[1].console,
        "warning: redefining module Twice (current version defined in memory)\n  iex:2\n\n"
    );
    assert_eq!(printed[2].result, "2");
}

/// A running server finds its module's callbacks once and starts them
/// again for each message; a new version of the module reaches it at the
/// next message, as on the BEAM, and its old callbacks are not run again.
#[test]
fn a_redefined_module_reaches_its_running_server_at_the_next_message() {
    let server = |tag: &str| {
        format!(
            "defmodule Versioned do\n  use GenServer\n  def init(s), do: {{:ok, s}}\n  def handle_cast(x, s), do: {{:noreply, [{{:{tag}, x}} | s]}}\n  def handle_info(x, s), do: {{:noreply, [{{:{tag}_info, x}} | s]}}\n  def handle_call(:get, _from, s), do: {{:reply, s, s}}\nend"
        )
    };
    let (one, two) = (server("one"), server("two"));
    let printed = run(&[
        &one,
        "{:ok, pid} = GenServer.start_link(Versioned, [])",
        "GenServer.cast(pid, 1); send(pid, 2); GenServer.call(pid, :get)",
        &two,
        "GenServer.cast(pid, 3); send(pid, 4); GenServer.call(pid, :get)",
    ]);
    assert_eq!(printed[2].result, "[one_info: 2, one: 1]");
    assert_eq!(
        printed[4].result,
        "[two_info: 4, two: 3, one_info: 2, one: 1]"
    );
}

/// `GenServer.cast/2` is tried at once on its arguments where they are;
/// a via name's module has to be asked first, and then the cast runs
/// with the arguments as they came.
#[test]
fn a_cast_to_a_via_name_asks_its_module_with_the_arguments_intact() {
    let printed = run(&[
        "defmodule ByName do\n  def whereis_name(name), do: Process.whereis(name) || :undefined\n  def register_name(name, pid), do: (Process.register(pid, name); :yes)\n  def unregister_name(name), do: Process.unregister(name)\n  def send(name, msg), do: Kernel.send(Process.whereis(name), msg)\nend",
        "defmodule Kept do\n  use GenServer\n  def init(s), do: {:ok, s}\n  def handle_cast(x, s), do: {:noreply, [x | s]}\n  def handle_call(:get, _from, s), do: {:reply, s, s}\nend",
        "{:ok, _} = GenServer.start_link(Kept, [], name: {:via, ByName, :kept})",
        "GenServer.cast({:via, ByName, :kept}, {:big, [1, 2, 3]})",
        "GenServer.call({:via, ByName, :kept}, :get)",
    ]);
    assert_eq!(printed[3].result, ":ok");
    assert_eq!(printed[4].result, "[big: [1, 2, 3]]");
}

/// As in Elixir, a cast to a via name is delivered by the module's
/// `send/2` (not by looking the name up), and what it raises is ignored.
#[test]
fn a_cast_to_a_via_name_is_sent_by_the_modules_send() {
    let printed = run(&[
        "defmodule Tells do\n  def whereis_name(_), do: :undefined\n  def send(:boom, _), do: raise(\"no\")\n  def send(name, msg), do: IO.inspect({:sent, name, msg})\nend",
        "GenServer.cast({:via, Tells, :x}, :hi)",
        "GenServer.cast({:via, Tells, :boom}, :hi)",
    ]);
    assert_eq!(printed[1].console, "{:sent, :x, {:\"$gen_cast\", :hi}}\n");
    assert_eq!(printed[1].result, ":ok");
    assert_eq!(printed[2].console, "");
    assert_eq!(printed[2].result, ":ok");
}

/// A cast's or a plain message's callback that waits (a sleep, a call to
/// another server) suspends only its server, which takes its messages up
/// again where it was, in order.
#[test]
fn callbacks_that_wait_go_on_where_they_were() {
    let printed = run(&[
        "defmodule Echo do\n  use GenServer\n  def init(s), do: {:ok, s}\n  def handle_call(x, _from, s), do: {:reply, {:echo, x}, s}\nend",
        "defmodule Waits do\n  use GenServer\n  def init(s), do: {:ok, s}\n  def handle_cast(x, s) do\n    Process.sleep(5)\n    {:noreply, [{:cast, x} | s]}\n  end\n  def handle_info({:ask, echo, x}, s), do: {:noreply, [GenServer.call(echo, x) | s]}\n  def handle_call(:get, _from, s), do: {:reply, Enum.reverse(s), s}\nend",
        "{:ok, echo} = GenServer.start_link(Echo, nil)",
        "{:ok, pid} = GenServer.start_link(Waits, [])",
        "GenServer.cast(pid, 1); send(pid, {:ask, echo, 2}); GenServer.cast(pid, 3); GenServer.call(pid, :get)",
    ]);
    assert_eq!(printed[4].result, "[cast: 1, echo: 2, cast: 3]");
}

/// A busy server handles each message as the first one of its turn: a
/// crash in the second cast is reported with that message and the state
/// the first one left.
#[test]
fn a_crash_in_a_later_message_of_a_busy_server_is_reported_with_it() {
    let printed = run(&[
        "defmodule Crashy do\n  use GenServer\n  def init(s), do: {:ok, s}\n  def handle_cast(:boom, _s), do: raise(\"boom\")\n  def handle_cast(x, s), do: {:noreply, [x | s]}\nend",
        "{:ok, pid} = GenServer.start(Crashy, [])",
        "GenServer.cast(pid, :ok); GenServer.cast(pid, :boom); Process.sleep(20); Process.alive?(pid)",
    ]);
    let log = &printed[2].console;
    assert!(log.contains("** (RuntimeError) boom"), "{log}");
    assert!(
        log.contains("Last message: {:\"$gen_cast\", :boom}"),
        "{log}"
    );
    assert!(log.contains("State: [:ok]"), "{log}");
    assert_eq!(printed[2].result, "false");
}

/// A plain message's callback that stops the server, behind another, and a
/// cast sent while the server is suspended, which waits for `resume`.
#[test]
fn a_later_message_may_stop_the_server_and_a_suspended_one_waits() {
    let printed = run(&[
        "defmodule Stops do\n  use GenServer\n  def init(s), do: {:ok, s}\n  def handle_info(:stop, s), do: {:stop, :normal, s}\n  def handle_info(x, s), do: {:noreply, [x | s]}\n  def handle_cast(x, s), do: {:noreply, [x | s]}\n  def handle_call(:get, _from, s), do: {:reply, s, s}\nend",
        "{:ok, a} = GenServer.start(Stops, []); send(a, 1); send(a, :stop); Process.sleep(10); Process.alive?(a)",
        "{:ok, b} = GenServer.start(Stops, []); GenServer.cast(b, 1); :sys.suspend(b); GenServer.cast(b, 2); :sys.get_state(b)",
        ":sys.resume(b); GenServer.call(b, :get)",
    ]);
    assert_eq!(printed[1].result, "false");
    assert_eq!(printed[1].console, "");
    assert_eq!(printed[2].result, "[1]");
    assert_eq!(printed[3].result, "[2, 1]");
}

/// A server that sends itself a message from every callback never has an
/// empty mailbox, yet the other processes still get their turns, as on the
/// BEAM: here the shell's process hears from one it spawned after it.
#[test]
fn a_server_that_keeps_itself_busy_still_lets_the_others_run() {
    let printed = crate::runtime::within(std::time::Duration::from_secs(60), || {
        run(&[
        "defmodule Ticks do\n  use GenServer\n  def init(n), do: {:ok, n}\n  def handle_info(:tick, n) do\n    send(self(), :tick)\n    {:noreply, n + 1}\n  end\nend",
        "{:ok, pid} = GenServer.start(Ticks, 0); send(pid, :tick); me = self(); spawn(fn -> send(me, :heard) end); receive do\n  :heard -> :heard\nend",
        "n = :sys.get_state(pid); Process.exit(pid, :kill); n > 0",
    ])
    });
    assert_eq!(printed[1].result, ":heard");
    assert_eq!(printed[2].result, "true");
}

/// A server handling a batch of casts runs their callbacks one after
/// another on one machine, which a callback that waits takes along: the
/// states still follow each other in order.
#[test]
fn casts_handled_in_one_batch_keep_their_order_when_some_callbacks_wait() {
    let printed = run(&[
        "defmodule Batch do\n  use GenServer\n  def init(log), do: {:ok, log}\n  def handle_cast({:add, x}, log), do: {:noreply, [x | log]}\n  def handle_cast(:nap, log) do\n    Process.sleep(1)\n    {:noreply, [:napped | log]}\n  end\n  def handle_call(:log, _from, log), do: {:reply, Enum.reverse(log), log}\nend",
        "{:ok, pid} = GenServer.start(Batch, [])",
        "for m <- [{:add, 1}, :nap, {:add, 2}, {:add, 3}, :nap, {:add, 4}], do: GenServer.cast(pid, m)",
        "GenServer.call(pid, :log)",
        "GenServer.cast(pid, {:add, 5}); GenServer.call(pid, :log)",
    ]);
    assert_eq!(printed[3].result, "[1, :napped, 2, 3, :napped, 4]");
    assert_eq!(printed[4].result, "[1, :napped, 2, 3, :napped, 4, 5]");
}

/// `import Kernel, except: [...]` takes those functions out of the
/// module's reach: a call of one the module does not define is undefined,
/// and one it defines is its own.
#[test]
fn a_kernel_function_left_out_of_the_import_is_undefined_unless_defined() {
    let printed = run(&[
        "defmodule Calc do\n  import Kernel, except: [div: 2]\n  def f, do: div(7, 2)\nend",
        "defmodule Mine do\n  import Kernel, except: [div: 2]\n  def div(a, b), do: {:mine, a, b}\n  def f, do: div(7, 2)\nend",
        "Mine.f()",
    ]);
    assert_eq!(
        first_line(&printed[0].result),
        "** (CompileError) iex:3: undefined function div/2 (expected Calc to define such a function or for it to be imported, but none are available)"
    );
    assert_eq!(printed[2].result, "{:mine, 7, 2}");
}

#[test]
fn a_module_that_fails_to_compile_is_not_defined_and_the_old_version_stays() {
    let printed = run(&[
        "defmodule Broken do\n  def ok, do: :ok\nend",
        "defmodule Broken do\n  def ok, do: nope()\nend",
        "Broken.ok()",
        "defmodule Never do\n  def f, do: nope()\nend",
        "Never.f()",
    ]);
    assert_eq!(
        printed[1].console,
        "warning: redefining module Broken (current version defined in memory)\n  iex:2\n\n"
    );
    assert_eq!(
        first_line(&printed[1].result),
        "** (CompileError) iex:3: undefined function nope/0 (expected Broken to define such a function or for it to be imported, but none are available)"
    );
    assert_eq!(printed[2].result, ":ok");
    // The failed input does not count: Never is compiled at prompt 3.
    assert_eq!(
        first_line(&printed[3].result),
        "** (CompileError) iex:4: undefined function nope/0 (expected Never to define such a function or for it to be imported, but none are available)"
    );
    assert_eq!(
        printed[4].result,
        "** (UndefinedFunctionError) function Never.f/0 is undefined (module Never is not available)"
    );
}

// ---------------------------------------------------------------------------
// structs and exceptions

const USER: &str = "defmodule User do
  defstruct name: \"anon\", age: 0, email: nil
  def rename(%User{} = u, n), do: %User{u | name: n}
end";

#[test]
fn a_struct_prints_its_fields_in_defstruct_order() {
    let out = session(&[
        USER,
        "%User{}",
        "%User{email: \"e\", name: \"n\"}",
        "User.rename(%User{age: 3}, \"bo\")",
        "%{%User{} | age: 4}",
    ]);
    assert_eq!(out[1], "%User{name: \"anon\", age: 0, email: nil}");
    assert_eq!(out[2], "%User{name: \"n\", age: 0, email: \"e\"}");
    assert_eq!(out[3], "%User{name: \"bo\", age: 3, email: nil}");
    assert_eq!(out[4], "%User{name: \"anon\", age: 4, email: nil}");
}

#[test]
fn unknown_struct_keys_raise_key_error_except_in_struct_2() {
    let out = session(&[
        USER,
        "%User{nope: 1}",
        "struct!(User, bad: 1)",
        "struct(User, bad: 1, age: 9)",
        "struct!(User, name: \"x\")",
    ]);
    assert_eq!(out[1], "** (KeyError) key :nope not found");
    assert_eq!(out[2], "** (KeyError) key :bad not found");
    assert_eq!(out[3], "%User{name: \"anon\", age: 9, email: nil}");
    assert_eq!(out[4], "%User{name: \"x\", age: 0, email: nil}");
}

#[test]
fn updating_a_struct_with_an_unknown_key_is_a_compile_error() {
    assert_eq!(
        first_line(&last(&[USER, "u = %User{}", "%User{u | nope: 1}"])),
        "** (CompileError) iex:3: unknown key :nope for struct User"
    );
}

#[test]
fn enforce_keys_must_be_given_when_building_the_struct() {
    let out = session(&[
        "defmodule Req do
  @enforce_keys [:id, :kind]
  defstruct [:id, :kind, note: \"\"]
end",
        "%Req{id: 1}",
        "struct!(Req, id: 1)",
        "%Req{id: 1, kind: :a}",
    ]);
    assert!(
        flat(&out[0]).ends_with(">>, %Req{id: nil, kind: nil, note: \"\"}}"),
        "{}",
        out[0]
    );
    let missing =
        "** (ArgumentError) the following keys must also be given when building struct Req: [:kind]";
    assert_eq!(out[1], missing);
    assert_eq!(out[2], missing);
    assert_eq!(out[3], "%Req{id: 1, kind: :a, note: \"\"}");
}

#[test]
fn defexception_with_a_message_field_raises_with_its_default_or_given_message() {
    let out = session(&[
        "defmodule MyError do\n  defexception message: \"default boom\"\nend",
        "raise MyError",
        "raise MyError, message: \"custom\"",
        "try do raise MyError rescue e -> Exception.message(e) end",
        "Map.keys(%MyError{})",
    ]);
    assert_eq!(out[1], "** (MyError) default boom");
    assert_eq!(out[2], "** (MyError) custom");
    assert_eq!(out[3], "\"default boom\"");
    assert_eq!(out[4], "[:__exception__, :__struct__, :message]");
}

#[test]
fn defexception_as_the_last_definition_leaves_ok_as_the_module_value() {
    let out = last(&["defmodule Ex1 do\n  defexception message: \"x\"\nend"]);
    assert!(flat(&out).ends_with(">>, :ok}"), "{out}");
}

#[test]
fn an_exception_s_own_message_1_makes_its_message() {
    let out = session(&[
        "defmodule CodeError do
  defexception [:code]
  @impl true
  def message(%{code: c}), do: \"failed with code #{c}\"
end",
        "try do raise CodeError, code: 42 rescue e -> {e, Exception.message(e)} end",
        "raise CodeError, code: 7",
    ]);
    assert_eq!(out[1], "{%CodeError{code: 42}, \"failed with code 42\"}");
    assert_eq!(out[2], "** (CodeError) failed with code 7");
}

// ---------------------------------------------------------------------------
// use GenServer / use Agent

const WORKER: &str = "defmodule Worker do
  use GenServer, restart: :transient
  def start_link(n), do: GenServer.start_link(__MODULE__, n, name: __MODULE__)
  @impl true
  def init(n), do: {:ok, n}
  @impl true
  def handle_call(:get, _from, n), do: {:reply, n, n}
  def handle_call({:add, k}, _from, n), do: {:reply, :ok, n + k}
  @impl true
  def handle_cast({:add, k}, n), do: {:noreply, n + k}
end";

#[test]
fn use_gen_server_defines_child_spec_with_the_use_options() {
    assert_eq!(
        last(&[WORKER, "Worker.child_spec(5)"]),
        "%{id: Worker, restart: :transient, start: {Worker, :start_link, [5]}}"
    );
    assert_eq!(
        last(&[
            "defmodule Plain do\n  use GenServer\n  def init(x), do: {:ok, x}\nend",
            "Plain.child_spec(:a)"
        ]),
        "%{id: Plain, start: {Plain, :start_link, [:a]}}"
    );
}

#[test]
fn a_module_s_own_child_spec_overrides_the_one_use_defines() {
    let out = session(&[
        "defmodule Custom do
  use GenServer
  def init(x), do: {:ok, x}
  def child_spec(arg), do: %{id: :mine, start: {__MODULE__, :start_link, [arg]}, type: :worker}
end",
        "Custom.child_spec(1)",
    ]);
    assert!(
        flat(&out[0]).ends_with(">>, {:child_spec, 1}}"),
        "{}",
        out[0]
    );
    assert_eq!(
        out[1],
        "%{id: :mine, start: {Custom, :start_link, [1]}, type: :worker}"
    );
}

#[test]
fn a_module_based_gen_server_answers_calls_and_casts() {
    let out = session(&[
        WORKER,
        "{:ok, pid} = Worker.start_link(10)",
        "GenServer.call(pid, {:add, 5})",
        "GenServer.cast(Worker, {:add, 1})",
        "GenServer.call(Worker, :get)",
    ]);
    assert!(out[1].starts_with("{:ok, #PID<0."), "{}", out[1]);
    assert_eq!(out[2..], [":ok", ":ok", "16"]);
}

#[test]
fn a_supervisor_starts_a_user_gen_server_from_its_child_spec() {
    let out = session(&[
        WORKER,
        "{:ok, sup} = Supervisor.start_link([{Worker, 10}], strategy: :one_for_one)",
        "GenServer.call(Worker, :get)",
        "[{Worker, pid, :worker, [Worker]}] = Supervisor.which_children(sup); pid == Process.whereis(Worker)",
    ]);
    assert_eq!(out[2..], ["10", "true"]);
}

#[test]
fn use_agent_defines_child_spec_too() {
    let out = session(&[
        "defmodule Counter do
  use Agent
  def start_link(n), do: Agent.start_link(fn -> n end, name: __MODULE__)
end",
        "Counter.child_spec(3)",
        "defmodule Ag2 do\n  use Agent, restart: :temporary, shutdown: 1000\nend",
        "Ag2.child_spec([])",
        "{:ok, _} = Counter.start_link(3); Agent.get(Counter, & &1)",
    ]);
    assert_eq!(out[1], "%{id: Counter, start: {Counter, :start_link, [3]}}");
    assert!(flat(&out[2]).ends_with(">>, :ok}"), "{}", out[2]);
    assert_eq!(
        out[3],
        "%{id: Ag2, restart: :temporary, shutdown: 1000, start: {Ag2, :start_link, [[]]}}"
    );
    assert_eq!(out[4], "3");
}

#[test]
fn a_callback_without_impl_is_warned_about_when_others_have_it() {
    let text = console(&["defmodule Srv do
  use GenServer
  def init(x), do: {:ok, x}
  @impl true
  def handle_call(:x, _, s), do: {:reply, s, s}
end"]);
    assert_eq!(
        text,
        "warning: module attribute @impl was not set for function init/1 callback (specified in GenServer). This either means you forgot to add the \"@impl true\" annotation before the definition or that you are accidentally overriding this callback\n  iex:3: Srv (module)\n\n"
    );
}

// ---------------------------------------------------------------------------
// protocols

const SIZE: [&str; 6] = [
    "defprotocol Size do\n  def size(data)\nend",
    "defimpl Size, for: BitString do\n  def size(s), do: byte_size(s)\nend",
    "defimpl Size, for: Map do\n  def size(m), do: map_size(m)\nend",
    "defimpl Size, for: List do\n  def size(l), do: length(l)\nend",
    "defmodule Bag do
  defstruct items: []
  defimpl Size do
    def size(%Bag{items: i}), do: {:bag, length(i)}
  end
end",
    "defmodule Plainstruct do\n  defstruct a: 1\nend",
];

fn with_size(more: &[&str]) -> Vec<String> {
    let mut inputs = SIZE.to_vec();
    inputs.extend_from_slice(more);
    session(&inputs)[SIZE.len()..].to_vec()
}

#[test]
fn a_protocol_dispatches_on_the_type_of_its_first_argument() {
    let all = session(&SIZE);
    assert!(
        flat(&all[0]).ends_with(">>, {:__protocol__, 1}}"),
        "{}",
        all[0]
    );
    assert!(
        all[1].starts_with("{:module, Size.BitString,"),
        "{}",
        all[1]
    );
    let out = with_size(&["{Size.size(\"abc\"), Size.size(%{a: 1, b: 2}), Size.size([1, 2, 3])}"]);
    assert_eq!(out[0], "{3, 2, 3}");
}

#[test]
fn a_struct_uses_its_own_impl_and_never_the_map_one() {
    let out = with_size(&[
        "Size.size(%Bag{items: [1]})",
        "Size.size(%Plainstruct{})",
        "Size.impl_for(%{})",
        "Size.impl_for(1)",
    ]);
    assert_eq!(out[0], "{:bag, 1}");
    assert_eq!(
        out[1],
        "** (Protocol.UndefinedError) protocol Size not implemented for %Plainstruct{a: 1} of type Plainstruct (a struct)"
    );
    assert_eq!(out[2], "Size.Map");
    assert_eq!(out[3], "nil");
}

#[test]
fn a_value_without_an_impl_raises_protocol_undefined_error() {
    assert_eq!(
        with_size(&["Size.size(42)"])[0],
        "** (Protocol.UndefinedError) protocol Size not implemented for 42 of type Integer"
    );
}

#[test]
fn fallback_to_any_covers_the_types_without_an_impl() {
    let out = session(&[
        SIZE[4],
        "defprotocol Describe do\n  @fallback_to_any true\n  def describe(x)\nend",
        "defimpl Describe, for: Any do\n  def describe(_), do: :something\nend",
        "defimpl Describe, for: Integer do\n  def describe(n), do: {:int, n}\nend",
        "{Describe.describe(1), Describe.describe(\"s\"), Describe.describe(%Bag{})}",
    ]);
    assert_eq!(out[4], "{{:int, 1}, :something, :something}");
}

#[test]
fn derive_gives_a_struct_the_any_impl_and_others_still_lack_one() {
    let out = session(&[
        "defprotocol Named do\n  def name(x)\nend",
        "defimpl Named, for: Any do\n  def name(_), do: \"any\"\nend",
        "defmodule Dog do\n  @derive [Named]\n  defstruct name: \"rex\"\nend",
        "Named.name(%Dog{})",
        "defmodule Cat do\n  defstruct name: \"tom\"\nend",
        "Named.name(%Cat{})",
        "Named.name(1)",
    ]);
    assert_eq!(out[3], "\"any\"");
    assert_eq!(
        out[5],
        "** (Protocol.UndefinedError) protocol Named not implemented for %Cat{name: \"tom\"} of type Cat (a struct)"
    );
    assert_eq!(
        out[6],
        "** (Protocol.UndefinedError) protocol Named not implemented for 1 of type Integer"
    );
}

#[test]
fn derive_inspect_with_only_shows_just_those_fields() {
    assert_eq!(
        last(&[
            "defmodule Pinned do\n  @derive {Inspect, only: [:name]}\n  defstruct name: \"p\", secret: \"s\"\nend",
            "%Pinned{}",
        ]),
        "#Pinned<name: \"p\", ...>"
    );
}

#[test]
fn a_string_chars_impl_is_used_by_interpolation_and_to_string() {
    let out = session(&[
        "defmodule Point do
  defstruct x: 0, y: 0
  defimpl String.Chars do
    def to_string(%{x: x, y: y}), do: \"(#{x}, #{y})\"
  end
end",
        "\"at #{%Point{x: 1, y: 2}}\"",
        "to_string(%Point{})",
        "defmodule Bare do\n  defstruct a: 1\nend",
        "\"#{%Bare{}}\"",
    ]);
    assert!(
        out[0].contains("{:module, String.Chars.Point,"),
        "{}",
        out[0]
    );
    assert_eq!(out[1], "\"at (1, 2)\"");
    assert_eq!(out[2], "\"(0, 0)\"");
    assert_eq!(
        out[4],
        "** (Protocol.UndefinedError) protocol String.Chars not implemented for %Bare{a: 1} of type Bare (a struct)"
    );
}

// ---------------------------------------------------------------------------
// quote, macros, use

#[test]
fn quote_gives_the_quoted_form_of_expressions() {
    let out = session(&[
        "quote do: foo(x, :a)",
        "quote do: [1, \"two\", {3, 4}]",
        "quote do: {1, 2, 3}",
        "quote do: Enum.map(list, fun)",
        "x = 5",
        "quote do: g(unquote(x), y)",
        "args = [1, 2]",
        "quote do: f(unquote_splicing(args), 3)",
        "quote do: %{a: unquote(x)}",
    ]);
    assert_eq!(out[0], "{:foo, [], [{:x, [], Elixir}, :a]}");
    assert_eq!(out[1], "[1, \"two\", {3, 4}]");
    assert_eq!(out[2], "{:{}, [], [1, 2, 3]}");
    assert_eq!(
        out[3],
        "{{:., [], [{:__aliases__, [alias: false], [:Enum]}, :map]}, [],\n [{:list, [], Elixir}, {:fun, [], Elixir}]}"
    );
    assert_eq!(out[5], "{:g, [], [5, {:y, [], Elixir}]}");
    assert_eq!(out[7], "{:f, [], [1, 2, 3]}");
    assert_eq!(out[8], "{:%{}, [], [a: 5]}");
}

#[test]
#[ignore = "riex bug: quoted calls to imported functions lack the [context: Elixir, imports: ...] metadata"]
fn quote_of_an_operator_records_that_kernel_imports_it() {
    assert_eq!(
        last(&["quote do: 1 + 2"]),
        "{:+, [context: Elixir, imports: [{1, Kernel}, {2, Kernel}]], [1, 2]}"
    );
}

const MAC: &str = "defmodule Mac do
  defmacro unless_(c, do: block) do
    quote do
      if unquote(c), do: nil, else: unquote(block)
    end
  end
  defmacro twice(e) do
    quote do: unquote(e) * 2
  end
end";

#[test]
fn a_required_macro_expands_where_it_is_called() {
    let out = session(&[
        MAC,
        "require Mac",
        "{Mac.twice(3), Mac.unless_(false, do: :ran), Mac.unless_(true, do: :ran)}",
        "Mac.__info__(:macros)",
    ]);
    assert_eq!(out[1], "Mac");
    assert_eq!(out[2], "{6, :ran, nil}");
    assert_eq!(out[3], "[twice: 1, unless_: 2]");
}

const EXPANDS_ONCE: &str = "defmodule Once do
  defmacro noted(e) do
    send(self(), :expanded)
    quote do: unquote(e) + 1
  end
end";

#[test]
fn a_function_s_macros_expand_once_when_it_is_defined() {
    let out = session(&[
        EXPANDS_ONCE,
        "defmodule UsesOnce do
  require Once
  def f(x), do: Once.noted(x)
end",
        "{UsesOnce.f(1), UsesOnce.f(2), UsesOnce.f(3)}",
        "Process.info(self(), :message_queue_len)",
    ]);
    assert_eq!(out[2], "{2, 3, 4}");
    assert_eq!(out[3], "{:message_queue_len, 1}");
}

#[test]
fn a_tail_call_a_macro_expands_to_runs_in_constant_space() {
    let out = session(&[
        MAC,
        "defmodule Loops do
  require Mac
  @step 2
  defmacrop bump(x), do: quote(do: unquote(x) + @step)
  def count(0, acc), do: acc
  def count(n, acc), do: Mac.unless_(n < 0, do: count(n - 1, bump(acc)))
end",
        "Loops.count(1_000_000, 0)",
    ]);
    assert_eq!(out[2], "2000000");
}

#[test]
fn a_macro_raising_as_it_expands_fails_the_definition() {
    let out = session(&[
        "defmodule Raises do
  defmacro boom(_), do: raise(\"no expansion\")
end",
        "defmodule Expands do
  require Raises
  def f(x), do: Raises.boom(x)
end",
        "Expands.f(1)",
    ]);
    assert_eq!(out[1], "** (RuntimeError) no expansion");
    assert!(
        out[2].starts_with("** (UndefinedFunctionError) function Expands.f/1 is undefined"),
        "{}",
        out[2]
    );
}

#[test]
fn a_function_calling_a_macro_written_below_it_does_not_compile() {
    assert_eq!(
        last(&["defmodule Later do
  def f, do: g()
  defmacrop g, do: :late
end"]),
        "** (CompileError) iex:2: cannot invoke macro g/0 before its definition"
    );
}

#[test]
fn calling_a_macro_without_require_raises_undefined_function_with_a_hint() {
    assert_eq!(
        last(&[MAC, "Mac.twice(3)"]),
        "** (UndefinedFunctionError) function Mac.twice/1 is undefined or private. However there is a macro with the same name and arity. Be sure to require Mac if you intend to invoke this macro"
    );
}

#[test]
fn use_calls_the_module_s_using_macro_with_the_options() {
    let out = session(&[
        "defmodule Greet do
  defmacro __using__(opts) do
    who = Keyword.get(opts, :who, \"world\")
    quote do
      def greet, do: \"hello \" <> unquote(who)
    end
  end
end",
        "defmodule G1 do\n  use Greet\nend",
        "defmodule G2 do\n  use Greet, who: \"riex\"\nend",
        "{G1.greet(), G2.greet()}",
    ]);
    assert!(
        flat(&out[0]).ends_with(">>, {:__using__, 1}}"),
        "{}",
        out[0]
    );
    assert!(flat(&out[2]).ends_with(">>, {:greet, 0}}"), "{}", out[2]);
    assert_eq!(out[3], "{\"hello world\", \"hello riex\"}");
}

// ---------------------------------------------------------------------------
// stack frames

#[test]
fn a_user_function_adds_its_frame_to_the_stacktrace() {
    let out = session(&[
        ":padding",
        "defmodule Boom do
  def go(x) when x > 0 do
    raise ArgumentError, \"bad #{x}\"
  end
  def go(x), do: x
  def outer(x) do
    y = go(x)
    {:ok, y}
  end
end",
        "try do Boom.outer(1) rescue e -> {e.message, Enum.take(__STACKTRACE__, 2)} end",
        "Boom.outer(0)",
    ]);
    // Defined at prompt 2: `raise` is on line 2 + 2, the call to go/1 on 2 + 6.
    assert_eq!(
        out[2],
        "{\"bad 1\",\n [\n   {Boom, :go, 1, [file: 'iex', line: 4]},\n   {Boom, :outer, 1, [file: 'iex', line: 8]}\n ]}"
    );
    assert_eq!(out[3], "{:ok, 0}");
}
