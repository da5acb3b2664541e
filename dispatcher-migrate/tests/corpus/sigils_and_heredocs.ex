defmodule Dispatcher do
  use Matcher
  define_accept_types [
    json: [ "application/json", "application/vnd.api+json" ],
    html: [ "text/html", "application/xhtml+html" ]
  ]

  get "/health", _ do
    send_resp(conn, 200, ~s|{"status": "ok"}|)
  end

  get "/raw", _ do
    send_resp(conn, 200, ~S(no \n escape and no #{interpolation}))
  end

  get "/maintenance", %{ accept: %{ html: true } } do
    conn
    |> Plug.Conn.put_resp_content_type("text/html")
    |> send_resp(503, """
    <html>
      <body>
        <h1>Down for maintenance</h1>
        <p>Back soon.</p>
      </body>
    </html>
    """)
  end

  get "/maintenance", %{ accept: %{ json: true } } do
    conn
    |> Plug.Conn.put_resp_content_type("application/vnd.api+json")
    |> send_resp(503, ~s"""
    {"errors": [{"status": "503", "title": "Maintenance"}]}
    """)
  end

  get "/whoami", _ do
    send_resp(conn, 200, "You are at #{conn.host}#{conn.request_path}\tTab\\Backslash \"quoted\"")
  end

  match "/*_", %{ last_call: true } do
    send_resp(conn, 404, ~s({"errors": [{"status": "404"}]}))
  end
end
