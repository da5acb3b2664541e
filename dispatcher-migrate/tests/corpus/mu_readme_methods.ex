defmodule Dispatcher do
  use Matcher
  define_accept_types []

  post "/sessions", _ do
    forward conn, [], "http://login/sessions"
  end

  delete "/sessions", _ do
    forward conn, [], "http://login/sessions"
  end
end
