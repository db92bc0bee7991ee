/** bpmn-moddle 9 ships no types; the one call the bench uses. */
declare module 'bpmn-moddle' {
  export default class BpmnModdle {
    fromXML(xml: string): Promise<import('bpmn-engine').BpmnEngineOptions['moddleContext']>;
  }
}
