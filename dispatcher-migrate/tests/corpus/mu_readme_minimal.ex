defmodule Dispatcher do
  use Matcher
  define_accept_types []

  # routing rules go here
end
