package dev.baton.engine;

import dev.baton.protocol.input.Input;

/** Decides what one kind of input means: appends events or a rejection to the context. */
interface InputHandler<T extends Input> {

  void handle(T input, Context ctx);
}
