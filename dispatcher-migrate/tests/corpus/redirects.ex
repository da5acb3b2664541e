defmodule Dispatcher do
  use Matcher
  define_accept_types [
    html: [ "text/html", "application/xhtml+html" ]
  ]

  # Old bookmarks.
  get "/legacy/*path", _ do
    conn
    |> Plug.Conn.put_resp_header("location", "/" <> Enum.join(path, "/"))
    |> send_resp(:moved_permanently, "")
  end

  get "/login", _ do
    location =
      if conn.query_string == "" do
        "/sessions/new"
      else
        "/sessions/new?" <> conn.query_string
      end

    conn
    |> Plug.Conn.put_resp_header("location", location)
    |> send_resp(:found, "")
  end

  get "/docs", _ do
    unless conn.query_string == "" do
      send_resp(conn, 400, "no query, please")
    else
      conn
      |> Plug.Conn.put_resp_header("location", "https://docs.example.org/")
      |> send_resp(302, "Moved to https://docs.example.org/")
    end
  end

  match "/sessions/*path", _ do
    forward conn, path, "http://login/sessions/"
  end

  match "/*_path", %{ accept: %{ html: true } } do
    forward conn, [], "http://frontend/index.html"
  end
end
