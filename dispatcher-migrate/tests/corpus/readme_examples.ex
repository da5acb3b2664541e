# The examples of mu-dispatcher's README, in one file.
defmodule Dispatcher do
  use Matcher
  define_accept_types []

  match "/sessions", _ do
    IO.inspect( conn, label: "conn for /sessions" )
    forward conn, [], "http://sessionsservice/login"
  end

  post "/login", _ do
    forward conn, [], "http://sessionsservice/login"
  end

  # The README forwards to "http://resource/widgets": without the trailing
  # slash, /widgets/1 reached /widgets1.
  match "/widgets/*path", _ do
    forward conn, path, "http://resource/widgets"
  end

  delete "/sessions/current", _ do
    forward conn, [], "http://sessionsservice/sessions/current"
  end
end
