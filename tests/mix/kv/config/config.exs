import Config

config :kv, greeting: "Hello from config"

config :kv, :bucket, initial: %{"eggs" => 12}
