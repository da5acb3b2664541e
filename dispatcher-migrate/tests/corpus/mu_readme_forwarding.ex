defmodule Dispatcher do
  use Matcher
  define_accept_types []

  # Forward /sessions and all sub-paths to the login service
  match "/sessions/*path", _ do
    forward conn, path, "http://login/sessions/"
  end

  # Forward a single fixed endpoint
  match "/health", _ do
    forward conn, [], "http://health/status"
  end
end
