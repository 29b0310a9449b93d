//! Values from the recorded IEx sessions (`oracle/cases/*/session.txt`),
//! printed as IEx printed them: pretty, width 80, limit 50.
//!
//! Each input is the value written out in full; the expected text is copied
//! from the transcript.

use super::*;

/// Checks `input` against a transcript's result, as IEx prints results.
#[track_caller]
fn result(input: &str, transcript: &str) {
    check(iex(), input, transcript);
}

#[test]
fn task_basics_task_struct_breaks_one_field_per_line() {
    // The transcript's reference was #Reference<0.3902583444.1964310529.230231>;
    // riex's references have the same width.
    result(
        "%Task{mfa: {:erlang, :apply, 2}, owner: #PID<0.108.0>, pid: #PID<0.110.0>, ref: #Reference<0.3015519226.2768240641.230231>}",
        r"%Task{
  mfa: {:erlang, :apply, 2},
  owner: #PID<0.108.0>,
  pid: #PID<0.110.0>,
  ref: #Reference<0.3015519226.2768240641.230231>
}",
    );
    result("[ok: 10, ok: 20, ok: 30]", "[ok: 10, ok: 20, ok: 30]");
}

#[test]
fn dynsup_extra_arguments_function_clause_error_nests_tuples_in_a_strict_list() {
    result(
        "{:error, {:function_clause, [{Agent, :start_link, [:pool, #Function<43.3316493/0 in :erl_eval.expr/6>], [file: 'lib/agent.ex', line: 270]}, {DynamicSupervisor, :start_child, 3, [file: 'lib/dynamic_supervisor.ex', line: 745]}, {DynamicSupervisor, :handle_start_child, 2, [file: 'lib/dynamic_supervisor.ex', line: 731]}, {:gen_server, :try_handle_call, 4, [file: 'gen_server.erl', line: 1149]}, {:gen_server, :handle_msg, 6, [file: 'gen_server.erl', line: 1178]}, {:proc_lib, :init_p_do_apply, 3, [file: 'proc_lib.erl', line: 240]}]}}",
        r"{:error,
 {:function_clause,
  [
    {Agent, :start_link, [:pool, #Function<43.3316493/0 in :erl_eval.expr/6>],
     [file: 'lib/agent.ex', line: 270]},
    {DynamicSupervisor, :start_child, 3,
     [file: 'lib/dynamic_supervisor.ex', line: 745]},
    {DynamicSupervisor, :handle_start_child, 2,
     [file: 'lib/dynamic_supervisor.ex', line: 731]},
    {:gen_server, :try_handle_call, 4, [file: 'gen_server.erl', line: 1149]},
    {:gen_server, :handle_msg, 6, [file: 'gen_server.erl', line: 1178]},
    {:proc_lib, :init_p_do_apply, 3, [file: 'proc_lib.erl', line: 240]}
  ]}}",
    );
}

#[test]
fn which_children_lists_break_one_child_per_line() {
    result(
        "[{:undefined, #PID<0.117.0>, :worker, [Extra.Worker]}, {:undefined, #PID<0.120.0>, :worker, [Extra.Worker]}]",
        r"[
  {:undefined, #PID<0.117.0>, :worker, [Extra.Worker]},
  {:undefined, #PID<0.120.0>, :worker, [Extra.Worker]}
]",
    );
    result(
        "[{:worker_registry, #PID<0.123.0>, :supervisor, [Registry]}, {DynamicSupervisorWithRegistry.WorkersSupervisor, #PID<0.122.0>, :supervisor, [DynamicSupervisorWithRegistry.WorkersSupervisor]}]",
        r"[
  {:worker_registry, #PID<0.123.0>, :supervisor, [Registry]},
  {DynamicSupervisorWithRegistry.WorkersSupervisor, #PID<0.122.0>, :supervisor,
   [DynamicSupervisorWithRegistry.WorkersSupervisor]}
]",
    );
    result(
        "%{active: 2, specs: 2, supervisors: 0, workers: 2}",
        "%{active: 2, specs: 2, supervisors: 0, workers: 2}",
    );
}

#[test]
fn restart_intensity_linked_children_nest_a_map_in_a_list() {
    result(
        "[%{id: :counter, start: {Agent, :start_link, [#Function<43.3316493/0 in :erl_eval.expr/6>, [name: :counter]]}}]",
        r"[
  %{
    id: :counter,
    start: {Agent, :start_link,
     [#Function<43.3316493/0 in :erl_eval.expr/6>, [name: :counter]]}
  }
]",
    );
}

#[test]
fn restart_permanent_keyword_results_break_one_entry_per_line() {
    result(
        "[w_normal: #PID<0.119.0>, w_shutdown: #PID<0.120.0>, w_shutdown_x: #PID<0.121.0>, w_raise: #PID<0.122.0>, w_kill: #PID<0.123.0>]",
        r"[
  w_normal: #PID<0.119.0>,
  w_shutdown: #PID<0.120.0>,
  w_shutdown_x: #PID<0.121.0>,
  w_raise: #PID<0.122.0>,
  w_kill: #PID<0.123.0>
]",
    );
}

#[test]
fn process_monitor_link_down_message_flex_breaks_before_the_reason() {
    result(
        "{:DOWN, #Reference<0.3015519226.2768240641.130753>, :process, #PID<0.110.0>, :normal}",
        r"{:DOWN, #Reference<0.3015519226.2768240641.130753>, :process, #PID<0.110.0>,
 :normal}",
    );
    result(
        "{:EXIT, #PID<0.124.0>, :boom}",
        "{:EXIT, #PID<0.124.0>, :boom}",
    );
}

#[test]
fn supervisor_start_errors_deep_exit_reason_indents_each_level_by_one() {
    let reason = r#"{:shutdown, {:failed_to_start_child, :raiser, {:EXIT, {%RuntimeError{message: "start failed"}, [{:erl_eval, :do_apply, 7, [file: 'erl_eval.erl', line: 742, error_info: %{module: Exception}]}, {:supervisor, :do_start_child_i, 3, [file: 'supervisor.erl', line: 414]}, {:supervisor, :do_start_child, 2, [file: 'supervisor.erl', line: 400]}, {:supervisor, :"-start_children/2-fun-0-", 3, [file: 'supervisor.erl', line: 384]}, {:supervisor, :children_map, 4, [file: 'supervisor.erl', line: 1250]}, {:supervisor, :init_children, 2, [file: 'supervisor.erl', line: 350]}, {:gen_server, :init_it, 2, [file: 'gen_server.erl', line: 851]}, {:gen_server, :init_it, 6, [file: 'gen_server.erl', line: 814]}]}}}}"#;
    result(
        &format!("{{:error, {reason}}}"),
        r#"{:error,
 {:shutdown,
  {:failed_to_start_child, :raiser,
   {:EXIT,
    {%RuntimeError{message: "start failed"},
     [
       {:erl_eval, :do_apply, 7,
        [file: 'erl_eval.erl', line: 742, error_info: %{module: Exception}]},
       {:supervisor, :do_start_child_i, 3, [file: 'supervisor.erl', line: 414]},
       {:supervisor, :do_start_child, 2, [file: 'supervisor.erl', line: 400]},
       {:supervisor, :"-start_children/2-fun-0-", 3,
        [file: 'supervisor.erl', line: 384]},
       {:supervisor, :children_map, 4, [file: 'supervisor.erl', line: 1250]},
       {:supervisor, :init_children, 2, [file: 'supervisor.erl', line: 350]},
       {:gen_server, :init_it, 2, [file: 'gen_server.erl', line: 851]},
       {:gen_server, :init_it, 6, [file: 'gen_server.erl', line: 814]}
     ]}}}}}"#,
    );
    result(
        &format!("{{:EXIT, #PID<0.124.0>, {reason}}}"),
        r#"{:EXIT, #PID<0.124.0>,
 {:shutdown,
  {:failed_to_start_child, :raiser,
   {:EXIT,
    {%RuntimeError{message: "start failed"},
     [
       {:erl_eval, :do_apply, 7,
        [file: 'erl_eval.erl', line: 742, error_info: %{module: Exception}]},
       {:supervisor, :do_start_child_i, 3, [file: 'supervisor.erl', line: 414]},
       {:supervisor, :do_start_child, 2, [file: 'supervisor.erl', line: 400]},
       {:supervisor, :"-start_children/2-fun-0-", 3,
        [file: 'supervisor.erl', line: 384]},
       {:supervisor, :children_map, 4, [file: 'supervisor.erl', line: 1250]},
       {:supervisor, :init_children, 2, [file: 'supervisor.erl', line: 350]},
       {:gen_server, :init_it, 2, [file: 'gen_server.erl', line: 851]},
       {:gen_server, :init_it, 6, [file: 'gen_server.erl', line: 814]}
     ]}}}}}"#,
    );
    result(
        "{:error, {:supervisor_data, {:invalid_strategy, :bad_strategy}}}",
        "{:error, {:supervisor_data, {:invalid_strategy, :bad_strategy}}}",
    );
}

#[test]
fn shell_basics_enum_values_print_as_in_the_session() {
    let to_60: Vec<String> = (1..=60).map(|i| i.to_string()).collect();
    result(
        &format!("[{}]", to_60.join(", ")),
        r"[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42,
 43, 44, 45, 46, 47, 48, 49, 50, ...]",
    );
    result(
        "[[1, 2, 3], [4, 5, 6], [7, 8, 9], [10]]",
        r"[[1, 2, 3], [4, 5, 6], '\a\b\t', '\n']",
    );
    result(
        "[{1, :a}, {1, :b}, {2, :a}, {2, :b}]",
        "[{1, :a}, {1, :b}, {2, :a}, {2, :b}]",
    );
    result("%{1 => 1, 2 => 4, 3 => 9}", "%{1 => 1, 2 => 4, 3 => 9}");
    result(r#"["1", "2", "3"]"#, r#"["1", "2", "3"]"#);
    result("1..10//3", "1..10//3");
}

#[test]
fn shell_basics_values_print_as_in_the_session() {
    let cases = [
        ("0.30000000000000004", "0.30000000000000004"),
        ("121932631112635269", "121932631112635269"),
        ("[104, 105]", "'hi'"),
        ("[1, 2, 300]", "[1, 2, 300]"),
        (r#":"quoted atom""#, r#":"quoted atom""#),
        (r#"{1, :two, "three", 4.0}"#, r#"{1, :two, "three", 4.0}"#),
        (
            r#"%{"b" => 2, 3 => [4], :a => 1}"#,
            r#"%{3 => [4], :a => 1, "b" => 2}"#,
        ),
        ("[{:a, 1}, {:b, 2}]", "[a: 1, b: 2]"),
        (r#"[{:a, 1}, {"b", 2}]"#, r#"[{:a, 1}, {"b", 2}]"#),
        ("<<104, 105>>", r#""hi""#),
        ("<<1, 2, 3>>", "<<1, 2, 3>>"),
        (r#""tab\there\nnewline""#, r#""tab\there\nnewline""#),
    ];
    for (input, printed) in cases {
        result(input, printed);
    }
}

#[test]
fn shell_defmodule_module_binary_is_cut_by_the_limit_left_for_it() {
    // The tuple's third element gets limit 47: 47 bytes, then `...`.
    let head = "70, 79, 82, 49, 0, 0, 6, 72, 66, 69, 65, 77, 65, 116, 85, 56, 0, 0, 0, 219, 0, 0, 0, 22, 14, 69, 108, 105, 120, 105, 114, 46, 71, 114, 101, 101, 116, 101, 114, 8, 95, 95, 105, 110, 102, 111, 95";
    result(
        &format!("{{:module, Greeter, <<{head}, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10>>, {{:hello, 1}}}}"),
        r"{:module, Greeter,
 <<70, 79, 82, 49, 0, 0, 6, 72, 66, 69, 65, 77, 65, 116, 85, 56, 0, 0, 0, 219,
   0, 0, 0, 22, 14, 69, 108, 105, 120, 105, 114, 46, 71, 114, 101, 101, 116,
   101, 114, 8, 95, 95, 105, 110, 102, 111, 95, ...>>, {:hello, 1}}",
    );
}

#[test]
fn iex_writes_a_coloured_result_in_yellow() {
    // Captured from `iex` on a terminal (ANSI colours on).
    let t = lit("[1, :ok, \"s\", nil, true, 1.5, %{a: {1}}, #PID<0.108.0>, [97]]");
    let printed = super::super::eval_result(&t, &colors());
    let expected = "\x1b[33m\x1b[39m[\x1b[0m\x1b[33m\x1b[33m1\x1b[0m\x1b[33m\x1b[39m,\x1b[0m\x1b[33m \x1b[36m:ok\x1b[0m\x1b[33m\x1b[39m,\x1b[0m\x1b[33m \x1b[32m\"s\"\x1b[0m\x1b[33m\x1b[39m,\x1b[0m\x1b[33m \x1b[35mnil\x1b[0m\x1b[33m\x1b[39m,\x1b[0m\x1b[33m \x1b[35mtrue\x1b[0m\x1b[33m\x1b[39m,\x1b[0m\x1b[33m \x1b[33m1.5\x1b[0m\x1b[33m\x1b[39m,\x1b[0m\x1b[33m \x1b[39m%{\x1b[0m\x1b[33m\x1b[36ma:\x1b[0m\x1b[33m \x1b[39m{\x1b[0m\x1b[33m\x1b[33m1\x1b[0m\x1b[33m\x1b[39m}\x1b[0m\x1b[33m\x1b[39m}\x1b[0m\x1b[33m\x1b[39m,\x1b[0m\x1b[33m #PID<0.108.0>\x1b[39m,\x1b[0m\x1b[33m \x1b[33m'a'\x1b[0m\x1b[33m\x1b[39m]\x1b[0m\x1b[33m\x1b[0m";
    assert_eq!(printed, expected);
}
