defmodule Noisy do
  require Logger

  def debug(pid), do: Logger.debug("debug #{send(pid, :debug_evaluated)}")
  def info(pid), do: Logger.info("info #{send(pid, :info_evaluated)}")
  def log(pid), do: Logger.log(:debug, "log #{send(pid, :log_evaluated)}")
end
